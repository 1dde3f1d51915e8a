/**
 * A fresh, migrated database holding N benchmark devices, for the service to serve: an embedded
 * PGlite data directory, or a database of its own on a PostgreSQL server (dropped afterwards).
 * Seeding is list-devices' (same devices, same bulk insert).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { migrate, openDatabase } from '@flightctl/service';
import { openQueryable } from '../common/queryable.js';
import { seedDevices } from '../list-devices/seed.js';

export type DbKind = 'postgres' | 'pglite';

export interface SeededDatabase {
  kind: DbKind;
  /** PostgreSQL URL; absent for PGlite, which the service opens in `<serviceDir>/db`. */
  url?: string;
  version: string;
  drop(): Promise<void>;
}

async function onServer<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Where the service will find it: PGlite lives in `serviceDir/db`, as the service's default config has it. */
export async function seededDatabase(
  kind: DbKind,
  devices: number,
  serviceDir: string,
  pgAdminUrl: string,
): Promise<SeededDatabase> {
  let url: string | undefined;
  let drop = async () => {};
  if (kind === 'postgres') {
    const name = `flightctl_bench_cli_${randomBytes(5).toString('hex')}`;
    await onServer(pgAdminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const u = new URL(pgAdminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = () => onServer(pgAdminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {});
  }
  const dataDir = path.join(serviceDir, 'db');
  try {
    const database = await openDatabase(url ? { url, maxConnections: 1 } : { dataDir });
    await migrate(database);
    await database.close();
    const db = await openQueryable(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir });
    try {
      await seedDevices(db, devices);
      const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      const server = `PostgreSQL ${rows[0]!.v.split(' ')[0]}`;
      return { kind, url, version: url ? `${server} (server on this machine)` : `PGlite (${server} in WASM)`, drop };
    } finally {
      await db.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
}
