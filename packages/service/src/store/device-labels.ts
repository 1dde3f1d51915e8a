/**
 * `GET /labels?kind=Device` (ref/api.md §2.1): the distinct labels of the matching devices as
 * sorted "key=value" strings. Each device label is a row of `jsonb_each_text(labels) AS l(key,
 * value)`, so label predicates (`metadata.labels.key|value|keyOrValue`) refer to `l.key` / `l.value`.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { parseLimit } from './pagination.js';
import { queryRows } from './query-rows.js';
import { devices } from './schema.js';

export interface DeviceLabelsQuery {
  /** Predicate over the devices' columns (label and field selectors). */
  deviceWhere?: SQL;
  /** Predicate over `l.key` / `l.value`. */
  labelWhere?: SQL;
  /** Most distinct labels to return; validated like any list limit. */
  limit?: number;
}

export async function listDeviceLabels(db: Db, orgId: string, query: DeviceLabelsQuery = {}): Promise<string[]> {
  const rows = await queryRows<{ label: string }>(
    db,
    sql`select distinct (l.key || '=' || l.value) collate "C" as label
        from ${devices}, jsonb_each_text(${devices.labels}) as l(key, value)
        where ${and(eq(devices.orgId, orgId), query.deviceWhere, query.labelWhere)}
        order by label
        limit ${parseLimit(query.limit)}`,
  );
  return rows.map((r) => r.label);
}
