/**
 * Opens the embedded database with a buffer cache sized for a service, not for a database server.
 *
 * PGlite keeps PostgreSQL's buffer cache in the service's own memory (its WASM heap), and initdb
 * writes PostgreSQL's default of 128 MB into postgresql.conf. The cache fills as the database grows:
 * with 10,000 devices it was the largest single part of the service's memory. Pages it does not hold
 * are read back from the operating system's page cache, which is not the service's memory. PGlite
 * lets postgresql.conf override start parameters, so the size is set with ALTER SYSTEM (in
 * postgresql.auto.conf) and takes effect when the database is opened again: once, right after the
 * data directory is created. A size an operator set with ALTER SYSTEM is left alone.
 */
import { PGlite } from '@electric-sql/pglite';

export const EMBEDDED_SHARED_BUFFERS = '32MB';

/** Whether the running buffer-cache size was set with ALTER SYSTEM (ours or an operator's). */
async function setByAlterSystem(client: PGlite): Promise<boolean> {
  const { rows } = await client.query<{ sourcefile: string | null }>(
    `select sourcefile from pg_settings where name = 'shared_buffers'`,
  );
  return rows[0]?.sourcefile?.endsWith('postgresql.auto.conf') ?? false;
}

/** The embedded database in `dataDir` (in memory when absent, as in tests: left at PGlite's defaults). */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  const client = new PGlite(dataDir);
  await client.waitReady;
  if (dataDir === undefined) return client;
  if (await setByAlterSystem(client)) return client;
  await client.exec(`alter system set shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
  await client.close();
  const reopened = new PGlite(dataDir);
  await reopened.waitReady;
  return reopened;
}
