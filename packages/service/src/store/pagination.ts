/**
 * Keyset pagination shared by every list (ref/api.md §5.1–5.2): the `limit` rules, the continue
 * token upstream clients round-trip (base64 of `{"Version":1,"Names":[…],"Count":N}`), and the
 * page walk: fetch limit+1 rows, the extra row's sort keys become the next page's inclusive bound.
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { badRequest } from '@flightctl/api';

export const MAX_LIST_LIMIT = 1000;
const CONTINUE_VERSION = 1;

/** The `limit` query parameter: absent or 0 means the maximum; negative or above the maximum is a 400. */
export function parseLimit(value: string | number | undefined): number {
  if (value === undefined || value === '') return MAX_LIST_LIMIT;
  const limit = typeof value === 'number' ? value : /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(limit)) throw badRequest(`limit must be an integer, not "${value}"`);
  if (limit < 0) throw badRequest('limit cannot be negative');
  if (limit > MAX_LIST_LIMIT) throw badRequest(`limit cannot exceed ${MAX_LIST_LIMIT}`);
  return limit === 0 ? MAX_LIST_LIMIT : limit;
}

export interface ContinueToken {
  /** Sort-key values of the first row of the next page. */
  names: string[];
  /** Items remaining from that row on. */
  count: number;
}

export function encodeContinueToken(token: ContinueToken): string {
  const json = JSON.stringify({ Version: CONTINUE_VERSION, Names: token.names, Count: token.count });
  return Buffer.from(json).toString('base64');
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const parseError = (reason: string) => badRequest(`failed to parse continue parameter: ${reason}`);

/** Decodes a token; anything malformed is a 400 (`failed to parse continue parameter: …`). */
export function decodeContinueToken(token: string, keyCount: number): ContinueToken {
  if (!BASE64_RE.test(token)) throw parseError('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch (e) {
    throw parseError((e as Error).message);
  }
  const { Version, Names, Count } = (parsed ?? {}) as Record<string, unknown>;
  if (Version !== CONTINUE_VERSION)
    throw parseError(`continue string version ${String(Version ?? 0)} must be ${CONTINUE_VERSION}`);
  if (!Array.isArray(Names) || Names.length !== keyCount || !Names.every((n) => typeof n === 'string'))
    throw parseError(`expected ${keyCount} sort key value(s)`);
  const count = Count ?? 0;
  if (typeof count !== 'number' || !Number.isSafeInteger(count)) throw parseError('Count must be an integer');
  return { names: Names as string[], count };
}

/** One column of a sort key and how a token value of it is bound as a parameter. */
export interface SortKey {
  column: SQLWrapper;
  /** Rejects values this key cannot compare against (they would otherwise be a database error). */
  valid?: (value: string) => boolean;
  param?: (value: string) => SQL;
}

const RFC3339_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

export const timestampKey = (column: SortKey['column']): SortKey => ({
  column,
  valid: (v) => RFC3339_RE.test(v) && !Number.isNaN(Date.parse(v)),
  param: (v) => sql`${v}::timestamptz`,
});

export interface Keyset {
  keys: SortKey[];
  order: 'asc' | 'desc';
}

/** `(k1, k2) >= (v1, v2)` (or `<=` when descending): the rows from the given sort-key values on. */
export function keysetBound(keyset: Keyset, values: string[]): SQL {
  const op = keyset.order === 'asc' ? sql`>=` : sql`<=`;
  const columns = sql.join(
    keyset.keys.map((k) => sql`${k.column}`),
    sql`, `,
  );
  const params = sql.join(
    keyset.keys.map((k, i) => (k.param ? k.param(values[i]!) : sql`${values[i]}`)),
    sql`, `,
  );
  return keyset.keys.length === 1 ? sql`${columns} ${op} ${params}` : sql`(${columns}) ${op} (${params})`;
}

export function keysetOrder(keyset: Keyset): SQL[] {
  const dir = keyset.order === 'asc' ? sql`asc` : sql`desc`;
  return keyset.keys.map((k) => sql`${k.column} ${dir}`);
}

export interface PageRequest {
  /** Already validated by `parseLimit`, or absent for the maximum. */
  limit?: number;
  continueToken?: string;
}

export interface Page<T> {
  items: T[];
  continue?: string;
  remainingItemCount?: number;
}

export interface PageSource<R> {
  keyset: Keyset;
  /** Rows from `bound` on (all rows when undefined), in keyset order, at most `limit`. */
  fetch(bound: SQL | undefined, orderBy: SQL[], limit: number): Promise<R[]>;
  /** How many rows there are in all. */
  count(): Promise<number>;
  /** The sort-key values of a row, as the token carries them. */
  keyOf(row: R): string[];
}

/**
 * Reads one page. The first page counts what is left exactly: every matching row but the page's,
 * counted beside the fetch since the count is often the slower query. Later pages derive it from
 * the token, as upstream does.
 */
export async function readPage<R>(source: PageSource<R>, request: PageRequest): Promise<Page<R>> {
  const limit = parseLimit(request.limit);
  const { keyset } = source;
  const token = request.continueToken ? decodeContinueToken(request.continueToken, keyset.keys.length) : undefined;
  if (token) {
    const bad = token.names.findIndex((v, i) => keyset.keys[i]!.valid?.(v) === false);
    if (bad >= 0) throw parseError(`invalid sort key value "${token.names[bad]}"`);
  }
  const [rows, total] = await Promise.all([
    source.fetch(token && keysetBound(keyset, token.names), keysetOrder(keyset), limit + 1),
    token ? token.count : source.count(),
  ]);
  if (rows.length <= limit) return { items: rows };
  const next = source.keyOf(rows.pop()!);
  const count = Math.max(total - limit, 1);
  return { items: rows, continue: encodeContinueToken({ names: next, count }), remainingItemCount: count };
}
