/**
 * Reading a collection page by page (ref/api.md §5): the server answers at most 1000 items a
 * request and a `metadata.continue` token for the rest. Used by `get` and by anything else that
 * must see a whole collection.
 */
import type { ApiClient, Query } from './api-client.js';

/** The server's largest page, and the largest `limit` it accepts. */
export const MAX_PAGE_SIZE = 1000;

export interface ListBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { continue?: string; remainingItemCount?: number };
  items: unknown[];
  [extra: string]: unknown;
}

/**
 * Yields the pages of `path` from `query.continue` on, until the collection ends or `limit` items
 * have been read (all when absent). Each request asks for no more than is still wanted, so the
 * last page's `metadata.continue`, if any, is where a later call would resume.
 */
export async function* listPages(
  client: ApiClient,
  path: string,
  query: Query,
  limit?: number,
): AsyncGenerator<ListBody, void, undefined> {
  let token = query.continue;
  let remaining = limit ?? Infinity;
  for (;;) {
    const pageLimit = remaining < MAX_PAGE_SIZE ? remaining : undefined;
    const { body } = await client.get<ListBody>(path, { ...query, continue: token, limit: pageLimit });
    yield body;
    remaining -= body.items.length;
    token = body.metadata?.continue;
    if (!token || remaining <= 0) return;
  }
}

/** Sums the numbers of two count objects key by key (DevicesSummary: totals and per-status maps). */
function addCounts(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const sum: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) sum[k] = k in sum ? addCounts(sum[k], v) : v;
    return sum;
  }
  return b ?? a;
}

/**
 * Pages of one collection as the single list the server would answer if it had no page size: all
 * items, the last page's metadata (where to continue, if anywhere), and per-page counts such as a
 * device list's `summary` added up.
 */
export function mergePages(pages: readonly ListBody[]): ListBody {
  if (pages.length === 1) return pages[0]!;
  const merged: ListBody = { ...pages[0]!, metadata: pages.at(-1)?.metadata ?? {}, items: [] };
  for (const page of pages) {
    merged.items.push(...page.items);
    if (page !== pages[0] && page.summary !== undefined) merged.summary = addCounts(merged.summary, page.summary);
  }
  return merged;
}
