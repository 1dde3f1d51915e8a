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

/**
 * Redis (ref/service.md §1.6): the rendered-version cache and the pub/sub channel that wakes agent
 * long polls on every replica. Without this section the service keeps both in its own process,
 * which is right for a single `flightctl-api`.
 */
export const KvConfig = Type.Object(
  {
    hostname: Type.String({
      default: 'localhost',
      description:
        'Redis host. Without a kv section the rendered-version cache and long-poll wake-ups stay in the process, which suits a single flightctl-api.',
    }),
    port: Type.Integer({ default: 6379, minimum: 1, maximum: 65535 }),
    password: Type.String({ default: 'adminpass', description: 'Also from the environment variable KV_PASSWORD.' }),
    url: Type.Optional(
      Type.String({
        description:
          'redis:// or rediss:// URL (a database number may follow the port); when set, hostname, port and password are unused. (ours)',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Redis; when the section is absent, the cache and notifications stay in-process.',
  },
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
    agentMaxConcurrentRequests: Type.Integer({
      default: 15,
      minimum: 1,
      description: 'Agent API requests doing database work at once, per process; others queue. (ours)',
    }),
    deviceDisconnectedTimeout: Duration(
      '5m',
      'A device not seen for longer is disconnected: its summary becomes Unknown. (ours)',
    ),
    deviceConnectionInterval: Duration('2m', 'How often devices are checked for lost or regained connection (ours)'),
    lastSeenFlushInterval: Duration('15s', 'How often agent heartbeats are written to the database (ours)'),
    lastSeenFlushSize: Type.Integer({
      default: 1500,
      minimum: 1,
      description: 'Pending heartbeats that trigger a write before the interval ends. (ours)',
    }),
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

const SignerName = (def: string, role: string) =>
  Type.String({ minLength: 1, default: def, description: `Name of the signer of ${role}.` });

/** Where the client-signer CA lives (ref/service.md §6.1); files are relative to certStore. */
export const CaInternalConfig = Type.Object(
  {
    certFile: Type.String({
      default: 'client-signer.crt',
      description: 'Certificate of the client-signer CA that signs every client certificate. Generated when missing.',
    }),
    keyFile: Type.String({ default: 'client-signer.key', description: 'Key of certFile.' }),
    caBundleFile: Type.String({
      default: 'ca-bundle.crt',
      description:
        'Every CA agents and the agent endpoint trust; generated (root + client-signer) when missing, else used as is.',
    }),
    signerCertName: Type.String({ default: 'client-signer', description: 'Common name of a generated client-signer.' }),
    serialFile: Type.String({
      default: '',
      description: 'File holding the last serial number issued (hex); empty means random serial numbers.',
    }),
    certValidityDays: Type.Integer({
      default: 3650,
      minimum: 1,
      description: 'Lifetime of a generated client-signer.',
    }),
    certStore: Type.String({
      default: '',
      description: 'Directory of the files above; empty means service.certStore. (ours: upstream ~/.flightctl/certs)',
    }),
  },
  { additionalProperties: false, default: {} },
);

/** The certificate authority and its signers (ref/service.md §6, §11.3). */
export const CaConfig = Type.Object(
  {
    type: Type.Literal(1, { default: 1, description: 'CA backend; 1 is the internal CA, the only one.' }),
    adminCommonName: Type.String({
      default: 'flightctl-admin',
      description: "Common name of upstream's admin client certificate; accepted, this service issues none.",
    }),
    clientBootstrapCertName: Type.String({
      default: 'client-enrollment',
      description: 'File name upstream gives its own enrollment certificate; accepted, this service writes none.',
    }),
    clientBootstrapCommonName: Type.String({
      default: 'client-enrollment',
      description: 'Enrollment certificate common name kept as is.',
    }),
    clientBootstrapCommonNamePrefix: Type.String({
      default: 'client-enrollment-',
      description: 'Prefix given to other enrollment certificate common names.',
    }),
    deviceCommonNamePrefix: Type.String({
      default: 'device:',
      description: 'Prefix of device certificate common names; only the device signers may issue it.',
    }),
    extraAllowedPrefixes: Type.Array(Type.String(), {
      default: [],
      description: 'Further enrollment common names (or prefixes) kept as is.',
    }),
    deviceEnrollmentSignerName: SignerName('flightctl.io/enrollment', 'enrollment certificates'),
    deviceManagementSignerName: SignerName('flightctl.io/device-enrollment', 'device management certificates'),
    deviceManagementRenewalSignerName: SignerName(
      'flightctl.io/device-management-renewal',
      'renewed device management certificates',
    ),
    deviceSvcClientSignerName: SignerName('flightctl.io/device-svc-client', 'client certificates of device services'),
    serverSvcSignerName: SignerName('flightctl.io/server-svc', 'server certificates of Flight Control services'),
    clientBootstrapValidityDays: Type.Integer({
      default: 365,
      minimum: 1,
      description: 'Lifetime of an enrollment certificate whose request names none.',
    }),
    clientBootStrapValidityDays: Type.Optional(
      Type.Integer({ minimum: 1, description: "Upstream's spelling of clientBootstrapValidityDays; wins when set." }),
    ),
    serverCertValidityDays: Type.Integer({
      default: 365,
      minimum: 1,
      description: 'Longest lifetime of a certificate from the server-svc signer.',
    }),
    internalConfig: CaInternalConfig,
  },
  { additionalProperties: false, default: {} },
);

/** Upstream sections that later features read; accepted now so an upstream config.yaml loads unchanged. */
export const UPSTREAM_SECTIONS = [
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
    kv: Type.Optional(KvConfig),
    ca: CaConfig,
  },
  { additionalProperties: false },
);

export type Config = Static<typeof Config>;
export type DatabaseConfig = Static<typeof DatabaseConfig>;
export type ServiceConfig = Static<typeof ServiceConfig>;
export type KvConfig = Static<typeof KvConfig>;
export type CaConfig = Static<typeof CaConfig>;
