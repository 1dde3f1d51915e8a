/**
 * Every store and API test runs once per database: embedded PGlite always, and real PostgreSQL
 * when FLIGHTCTL_TEST_DATABASE_URL is set. Each PostgreSQL run gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '@flightctl/service';
import { requirement } from './requirements.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  /** Connection URL for PostgreSQL; undefined for PGlite. */
  url?: string;
  database: Database;
  dispose(): Promise<void>;
}

/** The database kinds this run can test; PostgreSQL is skipped (or, under CI, fails) when not configured. */
export function databaseKinds(): DatabaseKind[] {
  const pgAvailable = requirement(
    'FLIGHTCTL_TEST_DATABASE_URL',
    'PostgreSQL tests skipped: set FLIGHTCTL_TEST_DATABASE_URL=postgres://user@host:5432/db',
  );
  return pgAvailable ? ['pglite', 'postgres'] : ['pglite'];
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database on the configured server and returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.FLIGHTCTL_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('FLIGHTCTL_TEST_DATABASE_URL is not set');
  const name = `flightctl_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** Opens a fresh, migrated database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({});
    await migrate(database);
    return { kind, database, dispose: () => database.close() };
  }
  const created = await createPostgresDatabase();
  const database = await openDatabase({ url: created.url, maxConnections: 5 });
  await migrate(database);
  return {
    kind,
    url: created.url,
    database,
    dispose: async () => {
      await database.close();
      await created.drop();
    },
  };
}
