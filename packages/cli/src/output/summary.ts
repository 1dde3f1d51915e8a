/**
 * The device summary block of `get devices --summary` / `--summary-only`: the total, then one row per
 * status of each status type, then the capability counts (OS mode) when the server reports them.
 */
import type { DevicesSummary } from '@flightctl/api';
import { Table } from './table.js';

interface SummaryRow {
  group: string;
  value: string;
  count: number;
}

const STATUS_TYPES: readonly [
  string,
  keyof Pick<DevicesSummary, 'summaryStatus' | 'updateStatus' | 'applicationStatus'>,
][] = [
  ['SYSTEM', 'summaryStatus'],
  ['UPDATED', 'updateStatus'],
  ['APPLICATIONS', 'applicationStatus'],
];

/** Rows of one group, sorted by value so the block reads the same on every run. */
function rows(group: string, counts: Readonly<Record<string, number>> | undefined): SummaryRow[] {
  return Object.keys(counts ?? {})
    .sort()
    .map((value) => ({ group, value, count: counts![value]! }));
}

/** A three-column table: group, value (a status word or not), count. */
function countTable(headers: [string, string], status: boolean, items: SummaryRow[], colour: boolean): string {
  const table = new Table<SummaryRow>([
    { header: headers[0], cell: (r) => r.group },
    { header: headers[1], cell: (r) => r.value, status },
    { header: 'COUNT', cell: (r) => String(r.count) },
  ]);
  table.add(items);
  return table.render(colour);
}

export function renderDevicesSummary(summary: DevicesSummary, colour: boolean): string {
  const statusRows = STATUS_TYPES.flatMap(([group, key]) => rows(group, summary[key]));
  const statuses = countTable(['STATUS TYPE', 'STATUS'], true, statusRows, colour);
  const osModes = rows('OS MODE', summary.capabilities?.osMode);
  const capabilities = osModes.length > 0 ? `\n${countTable(['CAPABILITY', 'VALUE'], false, osModes, colour)}` : '';
  return `DEVICES\n${summary.total}\n\n${statuses}${capabilities}`;
}
