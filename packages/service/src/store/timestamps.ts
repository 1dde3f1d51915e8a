/**
 * Timestamps leave the database as RFC 3339 text formatted by PostgreSQL itself: a JS Date would
 * drop the microseconds, and continue tokens must carry the exact stored value to resume at the
 * right row.
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * `2024-05-01T10:20:30.12345Z`: UTC, trailing zeros of the fraction dropped (Go's RFC3339Nano,
 * which upstream emits).
 */
export const rfc3339 = (column: SQLWrapper): SQL<string> =>
  sql<string>`rtrim(rtrim(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z'`;

/** Wall-clock time of the statement, not of the transaction, so rows written in one transaction keep their order. */
export const statementTime = sql`clock_timestamp()`;
