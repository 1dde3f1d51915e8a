/**
 * DevicesSummary (ref/api.md §4.2.4): device counts by application, summary and update status and
 * by OS mode. `summarizeDevices` counts every matching device in SQL (one scan, grouping sets);
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
/** `GROUPING(…)` sets one bit per column left out of a grouping set, the first column highest; all bits for the total. */
const TOTAL_GROUPING = (1 << GROUPED.length) - 1;
const categoryOfGrouping = new Map(
  GROUPED.map(([category], i) => [TOTAL_GROUPING ^ (1 << (GROUPED.length - 1 - i)), category]),
);

function add(summary: Summary, category: Category, key: string | null | undefined, n: number): void {
  if (category === 'osMode') key ||= UNKNOWN_OS_MODE;
  if (key === null || key === undefined) return;
  const counts = category === 'osMode' ? summary.capabilities.osMode : summary[category];
  counts[key] = (counts[key] ?? 0) + n;
}

export async function summarizeDevices(db: Db, orgId: string, where?: SQL): Promise<Summary> {
  const columns = sql.join(
    GROUPED.map(([, c]) => c),
    sql`, `,
  );
  const sets = sql.join(
    GROUPED.map(([, c]) => sql`(${c})`),
    sql`, `,
  );
  const rows = await queryRows<{ grouping: number; key: string | null; n: number }>(
    db,
    sql`select grouping(${columns}) as grouping, coalesce(${columns}) as key, count(*)::int as n
        from ${devices} where ${and(eq(devices.orgId, orgId), where)}
        group by grouping sets (${sets}, ())`,
  );
  const summary = emptySummary();
  for (const row of rows) {
    if (row.grouping === TOTAL_GROUPING) summary.total = row.n;
    else add(summary, categoryOfGrouping.get(row.grouping)!, row.key, row.n);
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
