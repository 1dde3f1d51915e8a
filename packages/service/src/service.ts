/**
 * Starts the API service from a config: database (embedded PGlite or PostgreSQL), migrations,
 * certificates, the rendered-version notifier (in-process or Redis), the user API and agent API
 * listeners, heartbeat batching and the periodic tasks. The bins and the test harness both start it
 * this way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config-schema.js';
import { parseDuration } from './config/duration.js';
import { databaseUrl, parseListenAddress } from './config/load-config.js';
import { CertificateServices } from './crypto/certificate-services.js';
import { LastSeenBatcher } from './heartbeat/last-seen-batcher.js';
import { announceDeviceChanges } from './notify/device-changes.js';
import { openRenderedVersionNotifier } from './notify/open-notifier.js';
import type { RenderedVersionNotifier } from './notify/rendered-version-notifier.js';
import { deviceConnectionTask } from './periodic/device-connection.js';
import { PostgresLeadership, soleLeadership } from './periodic/leadership.js';
import { PeriodicTasks } from './periodic/periodic-tasks.js';
import { deviceStatusWrites } from './resources/device-status-writes.js';
import { deviceKind } from './resources/devices.js';
import { ResourceService } from './resources/resource-service.js';
import { buildAgentApi } from './server/agent-api.js';
import { buildUserApi } from './server/user-api.js';
import { migrate, openDatabase, pendingMigrations, type Database } from './store/db.js';
import { Store } from './store/index.js';

export interface RunningService {
  /** Base URL of the user API, e.g. https://127.0.0.1:3443 */
  url: string;
  /** Base URL of the agent API (mTLS), e.g. https://127.0.0.1:7443 */
  agentUrl: string;
  /** CA certificate that signed the server certificate (undefined with disableTLS). */
  caCertPath?: string;
  database: Database;
  store: Store;
  /** The CAs, the listeners' TLS material and the certificate signers. */
  certificates: CertificateServices;
  app: FastifyInstance;
  agentApp: FastifyInstance;
  /** Wakes agent long polls; `waiting` counts the polls this process holds. */
  notifier: RenderedVersionNotifier;
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

/** Listens on a "host:port" address and returns the base URL clients use. */
async function listen(app: FastifyInstance, address: string, scheme: 'http' | 'https'): Promise<string> {
  const { host, port } = parseListenAddress(address);
  await app.listen({ host, port });
  const bound = app.server.address();
  const actualPort = typeof bound === 'object' && bound ? bound.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shownHost}:${actualPort}`;
}

export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  // Written synchronously: asynchronous writes fell minutes behind (and held the lines in memory) once
  // the event loop was saturated in a 10,000-device benchmark.
  const logger = options.logger ?? pino({ level: config.service.logLevel });
  const svc = config.service;
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openConfiguredDatabase(config, logger);
  // What has started so far, stopped in reverse order by close() or when the start fails.
  const stops: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const store = new Store(database.db);
    const certificates = await CertificateServices.load(config);
    const notifier = await openRenderedVersionNotifier(config.kv, logger);
    stops.push(() => notifier.close());
    const heartbeats = new LastSeenBatcher(store.deviceLastSeen, {
      flushIntervalMs: parseDuration(svc.lastSeenFlushInterval),
      flushSize: svc.lastSeenFlushSize,
      logger,
    });
    stops.push(() => heartbeats.close());
    const onCommitted = announceDeviceChanges(notifier, logger);
    const disconnectedTimeoutMs = parseDuration(svc.deviceDisconnectedTimeout);
    // Every status write gets the service's summaries; only an agent's proves the device is there.
    const agentDevices = new ResourceService(deviceKind, store, {
      onCommitted,
      ...deviceStatusWrites({ disconnectedTimeoutMs, reportsAreContact: true }),
    });

    const tls = certificates.userServerTls();
    const app = await buildUserApi({
      config,
      store,
      tls,
      certificates,
      devices: new ResourceService(deviceKind, store, {
        onCommitted,
        ...deviceStatusWrites({ disconnectedTimeoutMs, reportsAreContact: false }),
      }),
      logger,
      ready: async () => {
        await database.db.execute(sql`select 1`);
      },
    });
    stops.push(() => app.close());
    const url = await listen(app, svc.address, tls ? 'https' : 'http');

    const agentApp = await buildAgentApi({
      config,
      store,
      certificates,
      devices: agentDevices,
      notifier,
      heartbeats,
      logger,
    });
    stops.push(() => agentApp.close());
    const agentUrl = await listen(agentApp, svc.agentEndpointAddress, 'https');

    const pgUrl = databaseUrl(config.database);
    const periodic = PeriodicTasks.start({
      store,
      logger,
      leadership: pgUrl ? new PostgresLeadership(pgUrl, logger) : soleLeadership,
      tasks: [
        deviceConnectionTask({
          store,
          devices: agentDevices,
          intervalMs: parseDuration(svc.deviceConnectionInterval),
          disconnectedTimeoutMs,
        }),
      ],
    });
    stops.push(() => periodic.close());

    return {
      url,
      agentUrl,
      caCertPath: certificates.userCaCertPath,
      database,
      store,
      certificates,
      app,
      agentApp,
      notifier,
      close: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
