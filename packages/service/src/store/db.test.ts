import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  createPostgresDatabase,
  databaseKinds,
  openTestDatabase,
  waitFor,
  type TestDatabase,
} from '@flightctl/testing';
import { openDatabase } from './db.js';

describe.each(databaseKinds())('database on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  it('applies the migrations and creates every table', async () => {
    const rows = await t.database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = (rows as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'devices',
        'fleets',
        'template_versions',
        'events',
        'organizations',
        'device_timestamps',
      ]),
    );
  });
});

describe.skipIf(!databaseKinds().includes('postgres'))('PostgreSQL connection loss', () => {
  it('survives the server dropping idle connections: no crash, the next query reconnects', async () => {
    const created = await createPostgresDatabase();
    const lost: Error[] = [];
    const database = await openDatabase({
      url: created.url,
      maxConnections: 2,
      onIdleConnectionError: (e) => lost.push(e),
    });
    try {
      await database.db.execute(sql`select 1`);
      const admin = new pg.Client({ connectionString: process.env.FLIGHTCTL_TEST_DATABASE_URL });
      await admin.connect();
      const dbName = new URL(created.url).pathname.slice(1);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
      await admin.end();
      await waitFor(() => lost.length > 0, { what: 'the pool to notice the terminated connection' });
      const rows = (await database.db.execute(sql`select 2 as n`)) as unknown as { rows: { n: number }[] };
      expect(rows.rows[0]!.n).toBe(2);
    } finally {
      await database.close();
      await created.drop();
    }
  });
});
