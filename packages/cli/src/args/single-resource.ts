/**
 * The argument of commands that act on exactly one resource (edit, approve, decommission, app …):
 * `TYPE/NAME` or `TYPE NAME`, of the kinds the command supports.
 */
import type { KindInfo, KindName } from '@flightctl/api';
import { CliError } from '../errors.js';
import { parseResourceArgs } from './resource-args.js';

export interface SingleResource {
  kind: KindInfo;
  name: string;
}

/** Checks the kind only: `TYPE` alone passes, for commands where the name is optional. */
export function parseResourceOfKinds(args: readonly string[], kinds: readonly KindName[]) {
  const target = parseResourceArgs(args);
  if (!(kinds as readonly string[]).includes(target.kind.kind)) {
    const names = kinds.map((k) => k.toLowerCase());
    const allowed = names.length > 2 ? `one of ${names.join(', ')}` : names.join(' or ');
    throw new CliError(`kind must be ${allowed}, not ${target.kind.singular}`);
  }
  return target;
}

/** `verb` completes the messages: "specify the device to decommission". */
export function parseSingleResource(args: readonly string[], kinds: readonly KindName[], verb: string): SingleResource {
  const { kind, names } = parseResourceOfKinds(args, kinds);
  if (names.length === 0) throw new CliError(`specify the ${kind.singular} to ${verb}: ${kind.singular}/NAME`);
  if (names.length > 1) throw new CliError(`${verb} takes one ${kind.singular}, not ${names.length}`);
  return { kind, name: names[0]! };
}
