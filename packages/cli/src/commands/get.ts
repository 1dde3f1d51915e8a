/**
 * `flightctl get (TYPE | TYPE/NAME | TYPE NAME… | TYPE1,TYPE2)` (ref/clients.md §1.6.1–1.6.2):
 * one resource by name, several names as one filtered list, or whole collections page by page,
 * printed as a table (aligned, coloured on a terminal), JSON, YAML or names.
 */
import type { Command } from 'commander';
import type { DeviceLastSeen, DevicesSummary } from '@flightctl/api';
import { parseResourceArgsMulti, type ResourceTarget } from '../args/resource-args.js';
import type { ApiClient, Query } from '../client/api-client.js';
import { type ListBody, MAX_PAGE_SIZE, listPages, mergePages } from '../client/list-pages.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { type ColumnOptions, columnsFor } from '../output/columns/index.js';
import { deviceLastSeenColumns } from '../output/columns/device-last-seen.js';
import { type Named, formatNames, formatObject } from '../output/print.js';
import { renderDevicesSummary } from '../output/summary.js';
import { type Column, Table } from '../output/table.js';
import { type GetFlags, type GetOptions, type OutputFormat, getOptions } from './get-options.js';

const HELP = `
Resource types: devices (dev), fleets (flt), templateversions (tv), repositories (repo),
resourcesyncs (rs), enrollmentrequests (er), certificatesigningrequests (csr), events (ev),
organizations (org), authproviders (ap). Several types may be listed at once: devices,fleets.

Paging: the server answers at most ${MAX_PAGE_SIZE} items a request. Without --limit, every page is read:
tables print them as one table, and -o json|yaml|name as one list (without metadata.continue).
With --limit N, at most N items are read; if more remain, the token to pass to --continue is
printed on stderr (and, for -o json|yaml, kept in metadata.continue).

Examples:
  flightctl get devices
  flightctl get device/my-device -o yaml
  flightctl get devices -l region=eu-west --field-selector status.summary.status=Online -o wide
  flightctl get devices --summary-only
  flightctl get fleets --summary
  flightctl get templateversions --fleetname my-fleet
  flightctl get events --field-selector involvedObject.kind=Device
  flightctl get devices --limit 100 -o json   # then: --limit 100 --continue <token>
`;

export function registerGet(program: Command, io: Output): void {
  program
    .command('get')
    .summary('Display one or many resources.')
    .description('Display one or many resources.')
    .argument('<resource...>', 'TYPE | TYPE/NAME | TYPE NAME [NAME...] | TYPE1,TYPE2')
    .option(
      '-l, --selector <selector>',
      "label selector: '=', '!=', 'in', 'notin', existence (e.g. -l 'env=prod,tier in (a,b)')",
    )
    .option(
      '--field-selector <selector>',
      "field selector: '=', '!=', 'in', 'notin', 'contains', '>', '<'… (e.g. --field-selector 'metadata.owner=Fleet/f')",
    )
    .option('-o, --output <format>', 'output format: json, yaml, name or wide (default: table)')
    .option('--limit <n>', `read at most N items (0 = all; above ${MAX_PAGE_SIZE} only for tables)`)
    .option('--continue <token>', "resume a list where a previous '--limit' stopped")
    .option('--fleetname <name>', 'the fleet whose templateversions to get (required for templateversions)')
    .option('--rendered', 'the rendered configuration presented to a single device (default output: yaml)')
    .option('-s, --summary', 'devices: print a summary after the table; fleets: add the DEVICES column')
    .option('--summary-only', 'devices: print only the summary')
    .option('--last-seen', 'when a single device last contacted the service')
    .addHelpText('after', HELP)
    .action(
      withContext(io, async (ctx, resources: string[], flags: GetFlags) => {
        const targets = parseResourceArgsMulti(resources);
        const options = getOptions(targets, flags);
        const run: GetRun = { client: ctx.client(), io, options, columns: columnOptions(options) };
        for (const [i, target] of targets.entries()) {
          const text = await getTarget(run, target);
          io.out(i > 0 ? SEPARATORS[options.output] + text : text);
        }
      }),
    );
}

/** Between the outputs of several kinds: a blank line between tables, a new YAML document. */
const SEPARATORS: Record<OutputFormat, string> = { table: '\n', wide: '\n', yaml: '---\n', json: '', name: '' };

interface GetRun {
  client: ApiClient;
  io: Output;
  options: GetOptions;
  columns: ColumnOptions;
}

function columnOptions(options: GetOptions): ColumnOptions {
  return { wide: options.output === 'wide', summary: options.summary, now: new Date() };
}

const isTable = (output: OutputFormat) => output === 'table' || output === 'wide';

function getTarget(run: GetRun, target: ResourceTarget): Promise<string> {
  return target.names.length === 1 ? getOne(run, target, target.names[0]!) : getList(run, target);
}

function collectionPath(target: ResourceTarget, options: GetOptions): string {
  return target.kind.kind === 'TemplateVersion'
    ? `/fleets/${encodeURIComponent(options.fleetName!)}/templateversions`
    : `/${target.kind.plural}`;
}

/** One object of the target's kind in the chosen format. */
function renderOne(run: GetRun, target: ResourceTarget, obj: unknown): string {
  const { output } = run.options;
  if (output === 'name') return formatNames([obj as Named]);
  if (!isTable(output)) return formatObject(obj, output);
  return tableOf(columnsFor(target.kind, run.columns), [obj], run.io.isTTY);
}

function tableOf<T>(columns: Column<T>[], items: Iterable<T>, colour: boolean): string {
  const table = new Table(columns);
  table.add(items);
  return table.render(colour);
}

async function getOne(run: GetRun, target: ResourceTarget, name: string): Promise<string> {
  const { client, options } = run;
  const path = `${collectionPath(target, options)}/${encodeURIComponent(name)}`;
  if (options.lastSeen) {
    // 204 (never seen) has no body.
    const { body } = await client.get<DeviceLastSeen | undefined>(`${path}/lastseen`);
    if (!isTable(options.output)) return body ? formatObject(body, options.output as 'json' | 'yaml') : '';
    return tableOf(deviceLastSeenColumns(run.columns), [body], run.io.isTTY);
  }
  const query: Query = target.kind.kind === 'Fleet' && options.summary ? { addDevicesSummary: true } : {};
  const { body } = await client.get(options.rendered ? `${path}/rendered` : path, query);
  return renderOne(run, target, body);
}

function listQuery(target: ResourceTarget, options: GetOptions): Query {
  const names = target.names;
  return {
    labelSelector: options.labelSelector,
    // Several names are one list request, as upstream does.
    fieldSelector: names.length > 1 ? `metadata.name in (${names.join(',')})` : options.fieldSelector,
    continue: options.continue,
    summaryOnly: options.summaryOnly || undefined,
    addDevicesSummary: (target.kind.kind === 'Fleet' && options.summary) || undefined,
  };
}

interface ListSink {
  add(page: ListBody): void;
  text(): string;
}

/**
 * How the pages of a list become output, keeping only what will be printed: a table its rows,
 * -o name the names, -o json|yaml the pages (printed as one list).
 */
function listSink(run: GetRun, target: ResourceTarget): ListSink {
  const { output } = run.options;
  if (isTable(output)) {
    const table = new Table(columnsFor(target.kind, run.columns));
    return { add: (page) => table.add(page.items), text: () => table.render(run.io.isTTY) };
  }
  if (output === 'name') {
    let names = '';
    return { add: (page) => (names += formatNames(page.items as Named[])), text: () => names };
  }
  const pages: ListBody[] = [];
  return { add: (page) => pages.push(page), text: () => formatObject(mergePages(pages), output) };
}

async function getList(run: GetRun, target: ResourceTarget): Promise<string> {
  const { client, options } = run;
  const path = collectionPath(target, options);
  const query = listQuery(target, options);
  const table = isTable(options.output);
  const summaryOf = (list: ListBody) => renderDevicesSummary(list.summary as DevicesSummary, run.io.isTTY);

  if (options.summaryOnly && table) return summaryOf((await client.get<ListBody>(path, query)).body);

  const sink = listSink(run, target);
  let last: ListBody | undefined;
  for await (const page of listPages(client, path, query, options.limit)) {
    sink.add(page);
    last = page;
  }
  hintContinue(run.io, target, last!);
  let text = sink.text();
  if (table && target.kind.kind === 'Device' && options.summary) {
    // The page summaries count only their pages; the server counts all matches in one request.
    const { body } = await client.get<ListBody>(path, { ...query, continue: undefined, summaryOnly: true });
    text += `\n${summaryOf(body)}`;
  }
  return text;
}

/** When --limit stopped before the end, says on stderr how to read on (stdout stays the data). */
function hintContinue(io: Output, target: ResourceTarget, last: ListBody): void {
  const token = last.metadata?.continue;
  if (!token) return;
  const remaining = last.metadata?.remainingItemCount;
  const more = remaining === undefined ? 'more' : `${remaining} more`;
  io.err(`${more} ${target.kind.plural}: run again with --continue ${token}\n`);
}
