/**
 * One database handle for both drivers: node-postgres against a PostgreSQL server, or PGlite
 * (PostgreSQL compiled to WASM) embedded in the data directory. Everything above this file sees
 * only `Db`, so the store has a single code path.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { openPglite } from './pglite-open.js';
import { inTurns } from './pglite-turns.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseOptions {
  /** `postgres://…` URL; absent means embedded PGlite. */
  url?: string;
  /** PGlite data directory; absent means in-memory (tests). */
  dataDir?: string;
  /** node-postgres pool size. */
  maxConnections?: number;
  /** Told when an idle pooled connection fails (it is replaced either way). */
  onIdleConnectionError?: (err: Error) => void;
}

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** SQL migrations live beside the package sources; the same relative path works from src/ and dist/. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 20 });
    // An idle connection dropped by the server (restart, failover, admin termination) is reported here;
    // the pool replaces it and queries report their own errors, so this must not crash the process.
    pool.on('error', (err) => options.onIdleConnectionError?.(err));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, driver: 'postgres', close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await openPglite(options.dataDir);
  const db = drizzlePglite(inTurns(client) as PGlite, { schema }) as unknown as Db;
  return { db, driver: 'pglite', close: () => client.close() };
}

/** Applies every pending migration. Idempotent; safe on every start. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.driver === 'postgres') await migratePg(database.db as never, config);
  else await migratePglite(database.db as never, config);
}

/** How many migrations in MIGRATIONS_DIR the database has not applied yet. */
export async function pendingMigrations(database: Database): Promise<number> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  try {
    const result = (await database.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    )) as unknown as {
      rows: { n: number }[];
    };
    return Math.max(0, journal.entries.length - result.rows[0]!.n);
  } catch {
    return journal.entries.length;
  }
}
