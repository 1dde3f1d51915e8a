#!/usr/bin/env node
/** `flightctl-db-migrate`: applies the schema migrations to the configured database. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, databaseUrl, loadConfig } from '../config/load-config.js';
import { migrate, openDatabase, pendingMigrations } from '../store/db.js';

const USAGE = `Usage: flightctl-db-migrate [--config FILE] [--dry-run]

Applies pending schema migrations (idempotent; safe on every deploy). Connects as
database.migrationUser. --dry-run only reports how many migrations are pending.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', short: 'c' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { config } = loadConfig({ path: values.config });
  const url = databaseUrl(config.database, 'migration');
  const database = await openDatabase(url ? { url, maxConnections: 1 } : { dataDir: join(config.dataDir, 'db') });
  try {
    const pending = await pendingMigrations(database);
    if (values['dry-run']) {
      console.log(`${pending} migration(s) pending; nothing applied (dry run)`);
      return;
    }
    await migrate(database);
    console.log(pending > 0 ? `applied ${pending} migration(s)` : 'database schema is up to date');
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `flightctl-db-migrate: ${err.message}` : err);
  process.exit(1);
});
