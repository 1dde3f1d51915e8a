/**
 * DevicesSummary (ref/api.md §4.2.4): device counts by application, summary and update status and
 * by OS mode. `summarizeDevices` counts every matching device in SQL (one grouped scan);
 * `summarizeDevicePage` counts a page already in memory, for the summary of normal lists.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Device, DevicesSummary } from '@flightctl/api';
import type { Db } from './db.js';
import { queryRows } from './query-rows.js';
import { devices } from './schema.js';

/** DevicesSummary with every map present, as both functions fill it. */
type Summary = DevicesSummary & { capabilities: { osMode: Record<string, number> } };

/** The osMode key of devices that have not reported one. */
const UNKNOWN_OS_MODE = 'unknown';

const emptySummary = (): Summary => ({
  total: 0,
  applicationStatus: {},
  summaryStatus: {},
  updateStatus: {},
  capabilities: { osMode: {} },
});

type Category = 'applicationStatus' | 'summaryStatus' | 'updateStatus' | 'osMode';

/** The grouped columns, generated from status on every write (schema.ts). */
const GROUPED: readonly [Category, AnyPgColumn][] = [
  ['applicationStatus', devices.applicationsStatus],
  ['summaryStatus', devices.summaryStatus],
  ['updateStatus', devices.updatedStatus],
  ['osMode', devices.osMode],
];
function add(summary: Summary, category: Category, key: string | null | undefined, n: number): void {
  if (category === 'osMode') key ||= UNKNOWN_OS_MODE;
  if (key === null || key === undefined) return;
  const counts = category === 'osMode' ? summary.capabilities.osMode : summary[category];
  counts[key] = (counts[key] ?? 0) + n;
}

/**
 * One GROUP BY over the four status columns (a few hundred groups at most), summed here: cheaper
 * than grouping sets, and answered from the covering index devices_status_summary_idx alone.
 */
export async function summarizeDevices(db: Db, orgId: string, where?: SQL): Promise<Summary> {
  const columns = GROUPED.map(([, c]) => c);
  const rows = await queryRows<{ keys: (string | null)[]; n: number }>(
    db,
    sql`select array[${sql.join(columns, sql`, `)}] as keys, count(*)::int as n
        from ${devices} where ${and(eq(devices.orgId, orgId), where)}
        group by ${sql.join(columns, sql`, `)}`,
  );
  const summary = emptySummary();
  for (const { keys, n } of rows) {
    summary.total += n;
    GROUPED.forEach(([category], i) => add(summary, category, keys[i], n));
  }
  return summary;
}

/** The same counts as `summarizeDevices`, over devices already loaded. */
export function summarizeDevicePage(page: readonly Pick<Device, 'status'>[]): Summary {
  const summary = emptySummary();
  summary.total = page.length;
  for (const { status } of page) {
    add(summary, 'applicationStatus', status?.applicationsSummary?.status, 1);
    add(summary, 'summaryStatus', status?.summary?.status, 1);
    add(summary, 'updateStatus', status?.updated?.status, 1);
    add(summary, 'osMode', status?.capabilities?.osMode, 1);
  }
  return summary;
}
