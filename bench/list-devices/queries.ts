/**
 * The raw-SQL baseline, as the issue states it: one SELECT of the rows, `WHERE org_id = $1 AND
 * labels @> $2 ORDER BY name LIMIT 101` (the columns, timestamp formatting, keyset bound and limit
 * the store uses), and the summary's grouped count exactly as summarizeDevices sends it.
 * Run straight on the database, so the ratio ours/raw is the cost of everything above the
 * database (pool, drizzle, objects, JSON, HTTP) plus any difference in the store's SQL (its list
 * finds a page's names first, then reads their rows, and counts the matches on the first page).
 */
import type { Queryable } from '../common/queryable.js';

/**
 * The default organization (DEFAULT_ORG_ID of @flightctl/service, which the benchmark checks is
 * the same), spelled out so the raw worker does not load the whole service.
 */
export const DEFAULT_ORG = '00000000-0000-0000-0000-000000000000';

const COLUMNS = `"name", "owner", "labels", "annotations", "generation", "resource_version",
  rtrim(rtrim(to_char("created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z' AS created_at,
  "spec", "status"`;

/** One page: `limit` rows plus one, the extra row's name being the next page's inclusive bound. */
export async function rawPage(
  db: Queryable,
  labels: Record<string, string>,
  limit: number,
  from?: string,
): Promise<{ names: string[]; next?: string }> {
  const params: unknown[] = [DEFAULT_ORG, JSON.stringify(labels)];
  const bound = from === undefined ? '' : ` and "devices"."name" >= $${params.push(from)}`;
  params.push(limit + 1);
  const { rows } = await db.query<{ name: string }>(
    `select ${COLUMNS} from "devices"
     where (("devices"."org_id" = $1 and "devices"."labels" @> $2::jsonb)${bound})
     order by "devices"."name" asc limit $${params.length}`,
    params,
  );
  const next = rows.length > limit ? rows.pop()!.name : undefined;
  return { names: rows.map((r) => r.name), next };
}

/** Every match, page after page of `limit` (the API's default page is 1,000). */
export async function rawWalk(db: Queryable, labels: Record<string, string>, limit: number): Promise<string[]> {
  const names: string[] = [];
  let from: string | undefined;
  do {
    const page = await rawPage(db, labels, limit, from);
    names.push(...page.names);
    from = page.next;
  } while (from !== undefined);
  return names;
}

export interface SummaryCounts {
  total: number;
  applicationStatus: Record<string, number>;
  summaryStatus: Record<string, number>;
  updateStatus: Record<string, number>;
  osMode: Record<string, number>;
}

const GROUPED = ['applications_status', 'summary_status', 'updated_status', 'os_mode'] as const;
const CATEGORY = ['applicationStatus', 'summaryStatus', 'updateStatus', 'osMode'] as const;

/** One GROUP BY over the generated status columns, summed per category, with or without the label selector. */
export async function rawSummary(db: Queryable, labels?: Record<string, string>): Promise<SummaryCounts> {
  const columns = GROUPED.map((c) => `"devices"."${c}"`).join(', ');
  const params: unknown[] = [DEFAULT_ORG];
  const selector = labels ? ` and "devices"."labels" @> $${params.push(JSON.stringify(labels))}::jsonb` : '';
  const { rows } = await db.query<{ keys: (string | null)[]; n: number }>(
    `select array[${columns}] as keys, count(*)::int as n
     from "devices" where ("devices"."org_id" = $1${selector})
     group by ${columns}`,
    params,
  );
  const out: SummaryCounts = { total: 0, applicationStatus: {}, summaryStatus: {}, updateStatus: {}, osMode: {} };
  for (const { keys, n } of rows) {
    out.total += n;
    CATEGORY.forEach((category, i) => {
      const key = category === 'osMode' ? keys[i] || 'unknown' : keys[i];
      if (key !== null && key !== undefined) out[category][key] = (out[category][key] ?? 0) + n;
    });
  }
  return out;
}
