/**
 * Starts the API service from a config: database (embedded PGlite or PostgreSQL), migrations,
 * certificates, and the user API listener. The bins and the test harness both start it this way.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config-schema.js';
import { databaseUrl, parseListenAddress } from './config/load-config.js';
import { ensureServerCertificates } from './crypto/server-certificate.js';
import { buildUserApi } from './server/user-api.js';
import { migrate, openDatabase, pendingMigrations, type Database } from './store/db.js';
import { Store } from './store/index.js';

export interface RunningService {
  /** Base URL of the user API, e.g. https://127.0.0.1:3443 */
  url: string;
  /** CA certificate that signed the server certificate (undefined with disableTLS). */
  caCertPath?: string;
  database: Database;
  store: Store;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
}

async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  const url = databaseUrl(config.database);
  if (!url) {
    const dataDir = join(config.dataDir, 'db');
    const database = await openDatabase({ dataDir });
    await migrate(database);
    logger.info({ dataDir }, 'embedded database ready');
    return database;
  }
  const database = await openDatabase({
    url,
    maxConnections: config.database.maxConnections,
    onIdleConnectionError: (err) => logger.warn({ err }, 'database connection lost; it will be replaced'),
  });
  const pending = await pendingMigrations(database);
  if (pending > 0) {
    await database.close();
    throw new Error(
      `the database schema is not up to date (${pending} migrations pending): run flightctl-db-migrate first`,
    );
  }
  return database;
}

async function serverTls(config: Config): Promise<{ key: string; cert: string; caCertPath?: string } | undefined> {
  const svc = config.service;
  if (svc.disableTLS) return undefined;
  if (svc.srvCertificateFile && svc.srvKeyFile) {
    return { cert: readFileSync(svc.srvCertificateFile, 'utf8'), key: readFileSync(svc.srvKeyFile, 'utf8') };
  }
  const extraHosts = [new URL(svc.baseUrl).hostname.replace(/^\[(.*)\]$/, '$1'), ...svc.altNames];
  const material = await ensureServerCertificates(svc.certStore, {
    hostnames: ['localhost', ...extraHosts.filter((h) => !isIP(h))],
    ips: ['127.0.0.1', '::1', ...extraHosts.filter((h) => isIP(h))],
    validityDays: svc.serverCertValidityDays,
  });
  return { cert: material.certPem, key: material.keyPem, caCertPath: material.caCertPath };
}

export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? pino({ level: config.service.logLevel });
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openConfiguredDatabase(config, logger);
  try {
    const store = new Store(database.db);
    const tls = await serverTls(config);
    const app = await buildUserApi({
      config,
      store,
      tls,
      logger,
      ready: async () => {
        await database.db.execute(sql`select 1`);
      },
    });
    const { host, port } = parseListenAddress(config.service.address);
    await app.listen({ host, port });
    const bound = app.server.address();
    const actualPort = typeof bound === 'object' && bound ? bound.port : port;
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    return {
      url: `${tls ? 'https' : 'http'}://${shownHost}:${actualPort}`,
      caCertPath: tls?.caCertPath,
      database,
      store,
      app,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
