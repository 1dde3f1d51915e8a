/**
 * The resource argument grammar shared by get, delete, edit, approve… (ref/clients.md §1.2):
 * `TYPE` (list), `TYPE/NAME` (one), `TYPE NAME [NAME…]` (several), and, for listing,
 * `TYPE1,TYPE2` (several kinds, as kubectl). Kind names are case-insensitive: singular, plural
 * or short name.
 */
import { KINDS, findKind, validateDnsSubdomain, type KindInfo } from '@flightctl/api/kinds';
import { CliError } from '../errors.js';

export interface ResourceTarget {
  kind: KindInfo;
  /** Empty: the whole collection. */
  names: string[];
}

export function resolveKind(name: string): KindInfo {
  const kind = findKind(name);
  if (!kind) {
    const known = KINDS.map((k) => `${k.plural} (${[k.singular, ...k.shortNames].join(', ')})`).join(', ');
    throw new CliError(`unsupported resource kind "${name}"; known kinds: ${known}`);
  }
  return kind;
}

function validName(kind: KindInfo, name: string): string {
  const problems = validateDnsSubdomain(name);
  if (problems.length > 0) throw new CliError(`invalid ${kind.singular} name "${name}": ${problems.join('; ')}`);
  return name;
}

/** Parses the positional arguments of a command that takes one kind. */
export function parseResourceArgs(args: readonly string[]): ResourceTarget {
  const [first, ...rest] = args;
  if (!first) throw new CliError('you must specify a resource type, e.g. "devices" or "device/NAME"');
  const slash = first.indexOf('/');
  if (slash >= 0) {
    if (rest.length > 0) throw new CliError(`cannot combine "${first}" with more arguments; use TYPE NAME [NAME…]`);
    const kind = resolveKind(first.slice(0, slash));
    const name = first.slice(slash + 1);
    if (!name) throw new CliError(`"${first}" names no ${kind.singular}: use ${kind.singular}/NAME`);
    return { kind, names: [validName(kind, name)] };
  }
  if (first.includes(',')) throw new CliError(`several kinds ("${first}") can only be listed, not named`);
  const kind = resolveKind(first);
  return { kind, names: rest.map((n) => validName(kind, n)) };
}

/** Like parseResourceArgs, but also accepts `TYPE1,TYPE2,…` (lists of several kinds). */
export function parseResourceArgsMulti(args: readonly string[]): ResourceTarget[] {
  const [first] = args;
  if (first && !first.includes('/') && first.includes(',')) {
    if (args.length > 1) throw new CliError(`cannot name resources when listing several kinds ("${first}")`);
    return first
      .split(',')
      .filter(Boolean)
      .map((k) => ({ kind: resolveKind(k), names: [] }));
  }
  return [parseResourceArgs(args)];
}
