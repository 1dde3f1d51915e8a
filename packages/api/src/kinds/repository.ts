/**
 * Repository (api.md §4.5): a git repository, an HTTP endpoint or an OCI registry that
 * configuration and images come from; the OCI check bodies; the semantic rules the server
 * applies beyond the schema; and masking of the secrets it holds.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, Condition, ListOf, ObjectMeta } from '../common/meta.js';
import { isBase64 } from './base64.js';
import { DiscriminatedUnion } from './discriminated-union.js';
import { duplicates } from './field-errors.js';
import { validateMetadata } from './metadata-validation.js';
import { keepMaskedSecrets, maskSecrets, type SecretPath } from './secret-masking.js';

/** An OCI tag: a word character, then up to 127 of word characters, '.' and '-'. */
export const OCI_TAG_PATTERN = '^[\\w][\\w.-]{0,127}$';
export const REPOSITORY_URL_MAX = 2048;
/** Certificates and keys arrive base64-encoded; upstream caps them at 20 MiB. */
export const BASE64_CERTIFICATE_MAX = 20 * 1024 * 1024;
const CREDENTIAL_MAX = 256;
const OCI_PASSWORD_MAX = 8192;
/** Longest `host:port` upstream accepts: an IPv6 address in brackets plus a port fits comfortably. */
const REGISTRY_MAX = 269;

export const RepoSpecType = Type.Union([Type.Literal('git'), Type.Literal('http'), Type.Literal('oci')], {
  title: 'RepoSpecType',
});
export type RepoSpecType = Static<typeof RepoSpecType>;

export const HttpConfig = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'The username for auth with HTTP transport.' })),
    password: Type.Optional(Type.String({ format: 'password' })),
    'tls.crt': Type.Optional(Type.String({ format: 'password', description: 'Base64 encoded TLS cert data.' })),
    'tls.key': Type.Optional(Type.String({ format: 'password', description: 'Base64 encoded TLS cert key.' })),
    'ca.crt': Type.Optional(Type.String({ description: 'Base64 encoded root CA.' })),
    skipServerVerification: Type.Optional(Type.Boolean()),
    token: Type.Optional(Type.String({ format: 'password', description: 'Sent as a bearer token.' })),
  },
  { additionalProperties: false, title: 'HttpConfig' },
);
export type HttpConfig = Static<typeof HttpConfig>;

export const SshConfig = Type.Object(
  {
    sshPrivateKey: Type.Optional(Type.String({ format: 'password', description: 'Base64 encoded private SSH key.' })),
    privateKeyPassphrase: Type.Optional(Type.String({ format: 'password' })),
    skipServerVerification: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'SshConfig' },
);
export type SshConfig = Static<typeof SshConfig>;

export const GitRepoSpec = Type.Object(
  {
    type: Type.Literal('git'),
    url: Type.String({ minLength: 1, description: 'The Git repository URL to clone from.' }),
    httpConfig: Type.Optional(HttpConfig),
    sshConfig: Type.Optional(SshConfig),
  },
  { additionalProperties: false, title: 'GitRepoSpec', not: { required: ['httpConfig', 'sshConfig'] } },
);
export type GitRepoSpec = Static<typeof GitRepoSpec>;

export const HttpRepoSpec = Type.Object(
  {
    type: Type.Literal('http'),
    url: Type.String({ minLength: 1, description: 'The HTTP URL to call.' }),
    httpConfig: Type.Optional(HttpConfig),
    validationSuffix: Type.Optional(Type.String({ description: 'Appended to url only for the health check.' })),
  },
  { additionalProperties: false, title: 'HttpRepoSpec' },
);
export type HttpRepoSpec = Static<typeof HttpRepoSpec>;

export const DockerAuth = Type.Object(
  {
    authType: Type.Literal('docker'),
    username: Type.String(),
    password: Type.String({ format: 'password' }),
  },
  { additionalProperties: false, title: 'DockerAuth' },
);
export type DockerAuth = Static<typeof DockerAuth>;

export const OciAuth = DiscriminatedUnion('authType', [DockerAuth], { title: 'OciAuth' });
export type OciAuth = Static<typeof OciAuth>;

export const OciTag = Type.String({ minLength: 1, maxLength: 128, pattern: OCI_TAG_PATTERN });
export const OciImageName = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'Image path within the registry, e.g. "centos-bootc/centos-bootc".',
});

export const BaseImageEntry = Type.Object(
  {
    displayName: Type.Optional(Type.String()),
    imageName: OciImageName,
    tags: Type.Array(OciTag, { minItems: 1 }),
  },
  { additionalProperties: false, title: 'BaseImageEntry' },
);
export type BaseImageEntry = Static<typeof BaseImageEntry>;

export const OciRepoSpec = Type.Object(
  {
    type: Type.Literal('oci'),
    registry: Type.String({ description: 'Hostname, FQDN, IPv4 or [IPv6] address with an optional port.' }),
    scheme: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('https')], { default: 'https' })),
    accessMode: Type.Optional(Type.Union([Type.Literal('Read'), Type.Literal('ReadWrite')], { default: 'Read' })),
    ociAuth: Type.Optional(OciAuth),
    'ca.crt': Type.Optional(Type.String({ description: 'Base64 encoded root CA.' })),
    skipServerVerification: Type.Optional(Type.Boolean()),
    baseImages: Type.Optional(Type.Array(BaseImageEntry)),
  },
  { additionalProperties: false, title: 'OciRepoSpec' },
);
export type OciRepoSpec = Static<typeof OciRepoSpec>;

export const RepositorySpec = DiscriminatedUnion('type', [GitRepoSpec, HttpRepoSpec, OciRepoSpec], {
  title: 'RepositorySpec',
});
export type RepositorySpec = Static<typeof RepositorySpec>;

export const RepositoryStatus = Type.Object(
  { conditions: Type.Array(Condition) },
  { additionalProperties: false, readOnly: true, title: 'RepositoryStatus' },
);
export type RepositoryStatus = Static<typeof RepositoryStatus>;

export const Repository = Type.Object(
  {
    apiVersion: ApiVersion,
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: RepositorySpec,
    status: Type.Optional(RepositoryStatus),
  },
  { additionalProperties: false, title: 'Repository' },
);
export type Repository = Static<typeof Repository>;

export const RepositoryList = ListOf(Repository, 'RepositoryList');
export type RepositoryList = Static<typeof RepositoryList>;

export const CheckRepositoryOciTagRequest = Type.Object(
  { imageName: OciImageName, tag: OciTag },
  { additionalProperties: false, title: 'CheckRepositoryOciTagRequest' },
);
export type CheckRepositoryOciTagRequest = Static<typeof CheckRepositoryOciTagRequest>;

export const CheckRepositoryOciImageRequest = Type.Object(
  { imageName: OciImageName },
  { additionalProperties: false, title: 'CheckRepositoryOciImageRequest' },
);
export type CheckRepositoryOciImageRequest = Static<typeof CheckRepositoryOciImageRequest>;

export const CheckRepositoryOciResult = Type.Object(
  {
    accessible: Type.Boolean(),
    errorCode: Type.Optional(Type.Integer({ description: 'HTTP status the registry answered with.' })),
    errorMessage: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'CheckRepositoryOciResult' },
);
export type CheckRepositoryOciResult = Static<typeof CheckRepositoryOciResult>;

/** A set string must be non-empty and at most `max` characters. */
function lengthErrors(value: string | undefined, path: string, max: number): FieldError[] {
  if (value === undefined) return [];
  if (value.length === 0) return [{ path, message: 'must not be empty' }];
  if (value.length > max) return [{ path, message: `must be no more than ${max} characters` }];
  return [];
}

function base64Errors(value: string | undefined, path: string): FieldError[] {
  if (value === undefined) return [];
  if (value.length > BASE64_CERTIFICATE_MAX)
    return [{ path, message: `must be no more than ${BASE64_CERTIFICATE_MAX} characters` }];
  return isBase64(value) ? [] : [{ path, message: 'must be a valid base64 encoded string' }];
}

/** Two fields that only make sense together: report the missing one. */
function pairErrors(
  config: Record<string, unknown>,
  prefix: string,
  [first, second]: readonly [string, string],
): FieldError[] {
  const hasFirst = config[first] !== undefined;
  const hasSecond = config[second] !== undefined;
  if (hasFirst === hasSecond) return [];
  const [missing, present] = hasFirst ? [second, first] : [first, second];
  return [{ path: `${prefix}.${missing}`, message: `is required when ${present} is set` }];
}

function httpConfigErrors(config: HttpConfig | undefined): FieldError[] {
  if (!config) return [];
  const prefix = 'spec.httpConfig';
  return [
    ...pairErrors(config, prefix, ['username', 'password']),
    ...pairErrors(config, prefix, ['tls.crt', 'tls.key']),
    ...lengthErrors(config.username, `${prefix}.username`, CREDENTIAL_MAX),
    ...lengthErrors(config.password, `${prefix}.password`, CREDENTIAL_MAX),
    ...base64Errors(config['tls.crt'], `${prefix}.tls.crt`),
    ...base64Errors(config['tls.key'], `${prefix}.tls.key`),
    ...base64Errors(config['ca.crt'], `${prefix}.ca.crt`),
  ];
}

function sshConfigErrors(config: SshConfig | undefined): FieldError[] {
  if (!config) return [];
  const prefix = 'spec.sshConfig';
  const errors: FieldError[] = [];
  if (config.privateKeyPassphrase !== undefined && config.sshPrivateKey === undefined)
    errors.push({ path: `${prefix}.privateKeyPassphrase`, message: `requires ${prefix}.sshPrivateKey` });
  errors.push(
    ...lengthErrors(config.privateKeyPassphrase, `${prefix}.privateKeyPassphrase`, CREDENTIAL_MAX),
    ...base64Errors(config.sshPrivateKey, `${prefix}.sshPrivateKey`),
  );
  return errors;
}

const HOSTNAME = '(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\\.)*[a-z](?:[-a-z0-9]*[a-z0-9])?';
const IPV4 = '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}';
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const REGISTRY = new RegExp(`^(${HOSTNAME}|${IPV4}|${IPV6})(?::([0-9]{1,5}))?$`);

function isIpv6InBrackets(host: string): boolean {
  try {
    new URL(`http://${host}/`);
    return true;
  } catch {
    return false;
  }
}

function hostProblem(host: string): string | undefined {
  if (host.startsWith('[')) return isIpv6InBrackets(host) ? undefined : 'invalid IPv6 address';
  // Upstream accepts octets above 255 here (its IP parse fails and it falls back to hostname rules); we do not.
  if (/^[0-9.]+$/.test(host))
    return host.split('.').every((o) => Number(o) <= 255) ? undefined : 'invalid IPv4 address';
  return host.split('.').some((label) => label.length > 63)
    ? 'DNS labels must be no more than 63 characters'
    : undefined;
}

function registryErrors(registry: string): FieldError[] {
  const path = 'spec.registry';
  if (registry.length === 0) return [{ path, message: 'must not be empty' }];
  if (registry.length > REGISTRY_MAX) return [{ path, message: `must be no more than ${REGISTRY_MAX} characters` }];
  const match = REGISTRY.exec(registry);
  if (!match)
    return [
      {
        path,
        message: 'must be a lowercase hostname, FQDN, IPv4 or [IPv6] address with an optional :port, e.g. quay.io:443',
      },
    ];
  const [, host = '', port] = match;
  const errors: FieldError[] = [];
  const problem = hostProblem(host);
  if (problem) errors.push({ path, message: problem });
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    errors.push({ path, message: 'port must be between 1 and 65535' });
  return errors;
}

function baseImageErrors(entries: readonly BaseImageEntry[] | undefined): FieldError[] {
  if (!entries) return [];
  return [
    ...duplicates(entries.map((e) => e.imageName)).map(({ index, value }) => ({
      path: `spec.baseImages[${index}].imageName`,
      message: `duplicate image name "${value}"`,
    })),
    ...entries.flatMap((entry, i) =>
      duplicates(entry.tags).map(({ index, value }) => ({
        path: `spec.baseImages[${i}].tags[${index}]`,
        message: `duplicate tag "${value}"`,
      })),
    ),
  ];
}

function ociErrors(spec: OciRepoSpec): FieldError[] {
  return [
    ...registryErrors(spec.registry),
    ...lengthErrors(spec.ociAuth?.username, 'spec.ociAuth.username', CREDENTIAL_MAX),
    ...lengthErrors(spec.ociAuth?.password, 'spec.ociAuth.password', OCI_PASSWORD_MAX),
    ...base64Errors(spec['ca.crt'], 'spec.ca.crt'),
    ...baseImageErrors(spec.baseImages),
  ];
}

/**
 * Rules beyond the schema (api.md §4.5). Run `keepMaskedRepositorySecrets` first on updates:
 * a `*****` placeholder is not valid base64.
 */
export function validateRepository(repo: Repository): FieldError[] {
  const errors = validateMetadata(repo.metadata);
  const spec = repo.spec;
  switch (spec.type) {
    case 'git':
      if (spec.httpConfig && spec.sshConfig)
        errors.push({ path: 'spec.sshConfig', message: 'cannot be set together with spec.httpConfig' });
      errors.push(
        ...lengthErrors(spec.url, 'spec.url', REPOSITORY_URL_MAX),
        ...httpConfigErrors(spec.httpConfig),
        ...sshConfigErrors(spec.sshConfig),
      );
      break;
    case 'http':
      errors.push(...lengthErrors(spec.url, 'spec.url', REPOSITORY_URL_MAX), ...httpConfigErrors(spec.httpConfig));
      break;
    case 'oci':
      errors.push(...ociErrors(spec));
      break;
  }
  return errors;
}

const REPOSITORY_SECRET_PATHS: readonly SecretPath[] = [
  ['spec', 'httpConfig', 'password'],
  ['spec', 'httpConfig', 'token'],
  ['spec', 'httpConfig', 'tls.key'],
  ['spec', 'httpConfig', 'tls.crt'],
  ['spec', 'sshConfig', 'sshPrivateKey'],
  ['spec', 'sshConfig', 'privateKeyPassphrase'],
  ['spec', 'ociAuth', 'password'],
];

/** A copy fit for a response: every secret replaced by `*****`. */
export function maskRepositorySecrets(repo: Repository): Repository {
  return maskSecrets(repo, REPOSITORY_SECRET_PATHS);
}

/** `incoming` with each `*****` secret replaced by the value `stored` holds (PUT/PATCH keep semantics). */
export function keepMaskedRepositorySecrets(incoming: Repository, stored: Repository | undefined): Repository {
  return keepMaskedSecrets(incoming, stored, REPOSITORY_SECRET_PATHS);
}
