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
 * `metadata.continue` of a page, read from the envelope alone when it leads the body compactly
 * (`{"apiVersion":…,"kind":…,"metadata":{…}`, as this service writes lists): the token, '' when
 * the page is the last, undefined when the body does not start that way (then only the full parse
 * tells). A metadata string holding a brace fails the parse below, so a match is never wrong.
 */
export function leadingContinueToken(text: string): string | undefined {
  const head = /^\{"apiVersion":"[^"\\]*","kind":"[^"\\]*","metadata":(\{[^{}]*\})/.exec(text);
  if (!head) return undefined;
  try {
    const metadata = JSON.parse(head[1]!) as ListBody['metadata'];
    return typeof metadata?.continue === 'string' ? metadata.continue : '';
  } catch {
    return undefined;
  }
}

/** A page on its way: the body, and the next page's token as soon as the body's first bytes show it. */
interface PendingPage {
  text: Promise<string>;
  /** Undefined when the first bytes do not tell (then only the parse does). */
  early: Promise<string | undefined>;
}

/**
 * Yields the pages of `path` from `query.continue` on, until the collection ends or `limit` items
 * have been read (all when absent). Each request asks for no more than is still wanted, so the
 * last page's `metadata.continue`, if any, is where a later call would resume. Without a limit,
 * the next page is requested as soon as this page's first bytes arrive with its token: the
 * server works on the next page while this one is still in transit and being parsed (~20 ms for
 * 1,000 devices).
 */
export async function* listPages(
  client: ApiClient,
  path: string,
  query: Query,
  limit?: number,
): AsyncGenerator<ListBody, void, undefined> {
  let remaining = limit ?? Infinity;
  const request = (token: Query[string]): PendingPage => {
    let tell!: (token: string | undefined) => void;
    const early = new Promise<string | undefined>((resolve) => (tell = resolve));
    const pageLimit = remaining < MAX_PAGE_SIZE ? remaining : undefined;
    const text = client
      .requestText('GET', path, {
        query: { ...query, continue: token, limit: pageLimit },
        onBodyStart: (start) => tell(leadingContinueToken(start)),
      })
      .then((response) => response.text);
    // Settles `early` when no bytes came; a request still in flight when the caller stops reading
    // must not become an unhandled rejection.
    text.then(
      () => tell(undefined),
      () => tell(undefined),
    );
    return { text, early };
  };
  let current = request(query.continue);
  for (;;) {
    const early = remaining === Infinity ? await current.early : undefined;
    const following = early ? request(early) : undefined;
    const page = JSON.parse(await current.text) as ListBody;
    yield page;
    remaining -= page.items.length;
    const token = page.metadata?.continue;
    if (!token || remaining <= 0) return;
    current = following ?? request(token);
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
