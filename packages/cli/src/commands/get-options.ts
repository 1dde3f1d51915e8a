/**
 * The flags of `flightctl get` and the rules about combining them (ref/clients.md §1.6.1), checked
 * before any request so a wrong command line costs no round trip. Messages are upstream's where
 * upstream has the rule.
 */
import type { ResourceTarget } from '../args/resource-args.js';
import { MAX_PAGE_SIZE } from '../client/list-pages.js';
import { CliError } from '../errors.js';

/** As commander hands them over. */
export interface GetFlags {
  selector?: string;
  fieldSelector?: string;
  output?: string;
  limit?: string;
  continue?: string;
  fleetname?: string;
  rendered?: boolean;
  summary?: boolean;
  summaryOnly?: boolean;
  lastSeen?: boolean;
}

export const OUTPUT_FORMATS = ['json', 'yaml', 'name', 'wide'] as const;
export type OutputFormat = 'table' | (typeof OUTPUT_FORMATS)[number];

export interface GetOptions {
  output: OutputFormat;
  labelSelector?: string;
  fieldSelector?: string;
  /** Absent: everything. */
  limit?: number;
  continue?: string;
  fleetName?: string;
  rendered: boolean;
  summary: boolean;
  summaryOnly: boolean;
  lastSeen: boolean;
}

function parseOutput(value: string | undefined, rendered: boolean): OutputFormat {
  // The rendered device is a spec to read or save, not a table row: YAML unless asked otherwise.
  if (value === undefined) return rendered ? 'yaml' : 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value))
    throw new CliError(`output format must be one of (${OUTPUT_FORMATS.join(', ')})`);
  return value as OutputFormat;
}

/** 0 means no limit, as upstream's flag default. */
function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new CliError(`invalid argument "${value}" for "--limit": must be a number`);
  const limit = Number(value);
  if (limit < 0) throw new CliError('limit must be greater than 0');
  return limit === 0 ? undefined : limit;
}

/** The rules that depend on the kind and whether names were given, for one TYPE of the command line. */
function checkTarget(target: ResourceTarget, o: GetOptions): void {
  const kind = target.kind.kind;
  const named = target.names.length > 0;
  const single = target.names.length === 1;
  if (named && o.labelSelector !== undefined)
    throw new CliError('cannot specify label selector when getting specific resources');
  if (named && o.fieldSelector !== undefined)
    throw new CliError('cannot specify field selector when getting specific resources');
  if (o.summary) {
    if (kind !== 'Device' && kind !== 'Fleet')
      throw new CliError("'--summary' can only be specified when getting a list of devices or fleets");
    if (kind === 'Device' && named) throw new CliError("cannot specify '--summary' when getting specific devices");
  }
  if (o.summaryOnly) {
    if (kind !== 'Device') throw new CliError("'--summary-only' can only be specified when getting a list of devices");
    if (named) throw new CliError("cannot specify '--summary-only' when getting specific devices");
    if (o.limit !== undefined || o.continue !== undefined)
      throw new CliError("flags '--limit' and '--continue' are not supported when '--summary-only' is specified");
  }
  if (kind === 'TemplateVersion' && o.fleetName === undefined)
    throw new CliError('a fleet name must be specified when getting templateversions (use --fleetname)');
  if (o.rendered && (kind !== 'Device' || !single))
    throw new CliError("'--rendered' can only be used when getting a single device");
  if (named && (kind === 'Event' || kind === 'Organization'))
    throw new CliError(`you cannot get individual ${target.kind.plural}`);
  if (o.labelSelector !== undefined && (kind === 'Event' || kind === 'Organization'))
    throw new CliError(`${target.kind.plural} cannot be filtered by label: use --field-selector`);
  if (o.lastSeen && (kind !== 'Device' || !single))
    throw new CliError("'--last-seen' can only be used when getting a single device");
}

export function getOptions(targets: readonly ResourceTarget[], flags: GetFlags): GetOptions {
  const rendered = flags.rendered === true;
  const options: GetOptions = {
    output: parseOutput(flags.output, rendered),
    labelSelector: flags.selector,
    fieldSelector: flags.fieldSelector,
    limit: parseLimit(flags.limit),
    continue: flags.continue,
    fleetName: flags.fleetname,
    rendered,
    summary: flags.summary === true,
    summaryOnly: flags.summaryOnly === true,
    lastSeen: flags.lastSeen === true,
  };
  for (const target of targets) checkTarget(target, options);
  const table = options.output === 'table' || options.output === 'wide';
  if (options.limit !== undefined && options.limit > MAX_PAGE_SIZE && !table)
    throw new CliError(`limit higher than ${MAX_PAGE_SIZE} is only supported when using table format`);
  if (options.lastSeen && (options.rendered || options.summary || options.summaryOnly))
    throw new CliError("'--last-seen' cannot be combined with '--rendered', '--summary', or '--summary-only'");
  if (options.lastSeen && options.output === 'name') throw new CliError("'--last-seen' does not support '-o name'");
  if (options.fleetName !== undefined && !targets.some((t) => t.kind.kind === 'TemplateVersion'))
    throw new CliError("'--fleetname' can only be specified when getting templateversions");
  if (options.continue !== undefined && targets.length > 1)
    throw new CliError("'--continue' can only be used when listing one kind of resource");
  return options;
}
