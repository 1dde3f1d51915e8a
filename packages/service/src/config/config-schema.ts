/**
 * The service configuration: every key, its default and what it does, in one place.
 * Keys follow upstream's config.yaml (ref/service.md §11.3) where they apply, so an existing
 * upstream config file keeps working; keys marked "(ours)" are additions.
 */
import Type, { type Static } from 'typebox';
import { DURATION_PATTERN } from './duration.js';

const Duration = (def: string, description: string) =>
  Type.String({ pattern: DURATION_PATTERN, default: def, description: `${description} (Go duration, e.g. "${def}")` });

export const DatabaseConfig = Type.Object(
  {
    type: Type.Union([Type.Literal('embedded'), Type.Literal('pgsql')], {
      default: 'embedded',
      description:
        '"embedded" runs PostgreSQL (PGlite) inside the process, stored under dataDir; "pgsql" connects to a PostgreSQL server. (ours: embedded)',
    }),
    url: Type.Optional(
      Type.String({
        description: 'postgres:// connection URL; when set, type is pgsql and the fields below are unused. (ours)',
      }),
    ),
    hostname: Type.String({ default: 'localhost' }),
    port: Type.Integer({ default: 5432, minimum: 1, maximum: 65535 }),
    name: Type.String({ default: 'flightctl' }),
    user: Type.String({ default: 'flightctl_app' }),
    password: Type.String({ default: 'adminpass' }),
    migrationUser: Type.String({
      default: 'flightctl_migrator',
      description: 'User that flightctl-db-migrate connects as.',
    }),
    migrationPassword: Type.String({ default: 'adminpass' }),
    sslmode: Type.Optional(Type.String()),
    sslcert: Type.Optional(Type.String()),
    sslkey: Type.Optional(Type.String()),
    sslrootcert: Type.Optional(Type.String()),
    maxConnections: Type.Integer({ default: 20, minimum: 1, description: 'Connection pool size. (ours)' }),
  },
  { additionalProperties: false, default: {} },
);

export const RateLimitConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: false }),
    requests: Type.Integer({ default: 300, minimum: 1, description: 'Requests per window per client IP.' }),
    window: Duration('1m', 'Length of the rate-limit window'),
    authRequests: Type.Integer({ default: 20, minimum: 1, description: 'Requests per authWindow to /auth/validate.' }),
    authWindow: Duration('1h', 'Window of the auth rate limit'),
    trustedProxies: Type.Array(Type.String(), {
      default: [],
      description: 'CIDRs whose X-Forwarded-For / X-Real-IP / True-Client-IP headers are believed.',
    }),
  },
  { additionalProperties: false, default: {} },
);

export const ServiceConfig = Type.Object(
  {
    address: Type.String({ default: ':3443', description: 'Listen address of the user API ("host:port" or ":port").' }),
    agentEndpointAddress: Type.String({ default: ':7443', description: 'Listen address of the agent API (mTLS).' }),
    baseUrl: Type.String({ default: 'https://localhost:3443', description: 'External URL of the user API.' }),
    baseAgentEndpointUrl: Type.String({ default: 'https://localhost:7443', description: 'URL agents use.' }),
    baseUIUrl: Type.String({ default: '', description: 'External URL of the web UI, handed to devices.' }),
    disableTLS: Type.Boolean({ default: false, description: 'Serve the user API over plain HTTP.' }),
    certStore: Type.String({
      default: '',
      description:
        'Directory of the CA and server certificates; empty means <dataDir>/certs. Generated on first start.',
    }),
    srvCertificateFile: Type.String({
      default: '',
      description: 'Server certificate to use instead of a generated one.',
    }),
    srvKeyFile: Type.String({ default: '', description: 'Key of srvCertificateFile.' }),
    serverCertValidityDays: Type.Integer({ default: 730, minimum: 1 }),
    altNames: Type.Array(Type.String(), {
      default: [],
      description: 'Extra DNS names / IPs for the generated server certificate.',
    }),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const, { default: 'info' }),
    httpMaxRequestSize: Type.Integer({
      default: 50 * 1024 * 1024,
      minimum: 1024,
      description: 'Largest request body, bytes.',
    }),
    httpMaxUrlLength: Type.Integer({ default: 2000, minimum: 64 }),
    httpMaxNumHeaders: Type.Integer({ default: 32, minimum: 1 }),
    httpMaxHeaderBytes: Type.Integer({ default: 32 * 1024, minimum: 1024 }),
    httpReadTimeout: Duration('5m', 'Time allowed to read a whole request'),
    httpWriteTimeout: Duration('5m', 'Time allowed to write a response'),
    httpIdleTimeout: Duration('5m', 'Keep-alive idle timeout'),
    eventRetentionPeriod: Duration('168h', 'Events older than this are deleted'),
    renderedWaitTimeout: Duration('2m', 'Longest wait of an agent long poll for its rendered spec'),
    healthChecks: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        readinessPath: Type.String({ default: '/readyz' }),
        livenessPath: Type.String({ default: '/healthz' }),
        readinessTimeout: Duration('2s', 'Longest time the readiness check may take'),
      },
      { additionalProperties: false, default: {} },
    ),
    rateLimit: RateLimitConfig,
    alertPollingInterval: Duration('1m', 'How often alerts are evaluated'),
    tpmCAPaths: Type.Array(Type.String(), { default: [], description: 'PEM roots for TPM endorsement key checks.' }),
    serverCertName: Type.String({
      default: 'server',
      description: 'Base name of the generated server certificate files.',
    }),
  },
  { additionalProperties: false, default: {} },
);

/** Upstream sections that later features read; accepted now so an upstream config.yaml loads unchanged. */
export const UPSTREAM_SECTIONS = [
  'kv',
  'ca',
  'periodic',
  'dependenciesSync',
  'gitOps',
  'organizations',
  'auth',
  'metrics',
  'tracing',
  'alertmanager',
  'encryption',
  'cryptoPolicy',
  'worker',
  'vulnerabilityReporting',
  'remoteAccessService',
  'imageBuilderService',
  'imageBuilderWorker',
  'telemetrygateway',
  'profiling',
] as const;

const upstreamSections = Object.fromEntries(
  UPSTREAM_SECTIONS.map((s) => [s, Type.Optional(Type.Record(Type.String(), Type.Unknown()))]),
);

export const Config = Type.Object(
  {
    ...upstreamSections,
    dataDir: Type.String({
      default: '~/.flightctl',
      description: 'Where the embedded database and generated certificates live. (ours)',
    }),
    database: DatabaseConfig,
    service: ServiceConfig,
  },
  { additionalProperties: false },
);

export type Config = Static<typeof Config>;
export type DatabaseConfig = Static<typeof DatabaseConfig>;
export type ServiceConfig = Static<typeof ServiceConfig>;
