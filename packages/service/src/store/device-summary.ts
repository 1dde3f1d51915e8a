/**
 * DevicesSummary (ref/api.md §4.2.4): device counts by application, summary and update status and
 * by OS mode. `summarizeDevices` counts every matching device in SQL (one grouped scan);
 * `summarizeListedDevices` counts a listed page from columns read with it, for the summary of
 * normal lists.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DevicesSummary } from '@flightctl/api';
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

const GROUPED_COLUMNS = sql.join(
  GROUPED.map(([, c]) => c),
  sql`, `,
);
/** The grouped columns of a device as one array, in GROUPED's order. */
const summaryKeys = sql<(string | null)[]>`array[${GROUPED_COLUMNS}]`;

/** Counts rows of summary keys, each standing for `n` devices. */
function summarizeKeys(rows: readonly { keys: (string | null)[]; n: number }[]): Summary {
  const summary = emptySummary();
  for (const { keys, n } of rows) {
    summary.total += n;
    GROUPED.forEach(([category], i) => add(summary, category, keys[i], n));
  }
  return summary;
}

/**
 * One GROUP BY over the four status columns (a few hundred groups at most), summed here: cheaper
 * than grouping sets, and answered from the covering index devices_status_summary_idx alone.
 */
export async function summarizeDevices(db: Db, orgId: string, where?: SQL): Promise<Summary> {
  const rows = await queryRows<{ keys: (string | null)[]; n: number }>(
    db,
    sql`select ${summaryKeys} as keys, count(*)::int as n
        from ${devices} where ${and(eq(devices.orgId, orgId), where)}
        group by ${GROUPED_COLUMNS}`,
  );
  return summarizeKeys(rows);
}

/** What a page's summary counts of each device, selected beside its JSON (ResourceStore.listJson). */
export const DEVICE_SUMMARY_COLUMNS = { summaryKeys };

/** The same counts as `summarizeDevices`, over a listed page's DEVICE_SUMMARY_COLUMNS. */
export function summarizeListedDevices(rows: readonly { summaryKeys: (string | null)[] }[]): Summary {
  return summarizeKeys(rows.map((row) => ({ keys: row.summaryKeys, n: 1 })));
}
