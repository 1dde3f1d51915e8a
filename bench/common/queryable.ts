/**
 * The bare database drivers the benchmarks' baselines use: pg.Client on a PostgreSQL URL, or PGlite on
 * a data directory, behind the one query method both have.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type DbTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** The one thing the benchmarks need from either driver (pg.Client and PGlite both fit). */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export async function openQueryable(target: DbTarget): Promise<Queryable & { close(): Promise<void> }> {
  if (target.kind === 'pglite') {
    const db = new PGlite(target.dataDir);
    await db.waitReady;
    return { query: (text, params) => db.query(text, params), close: () => db.close() };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return {
    query: async (text, params) => ({ rows: (await client.query(text, params)).rows }),
    close: () => client.end(),
  };
}
