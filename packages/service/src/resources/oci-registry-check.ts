/**
 * The OCI checks of a Repository (api.md §2.1, check-oci-tag and check-oci-image): asks the registry,
 * over the OCI distribution API, whether `<registry>/<imageName>:<tag>` or the image `<registry>/<imageName>`
 * exists, with the repository's credentials (anonymous, basic, or the Docker token flow) and TLS settings
 * (scheme, ca.crt, skipServerVerification). Whatever the registry answers becomes a CheckRepositoryOciResult;
 * only a bad request, a missing repository or a repository that is not OCI is an API error.
 */
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import {
  CheckRepositoryOciImageRequest,
  CheckRepositoryOciTagRequest,
  badRequest,
  notFound,
  type CheckRepositoryOciResult,
  type OciRepoSpec,
  assertValid,
} from '@flightctl/api';
import type { Store } from '../store/index.js';
import { repositoryKind } from './repositories.js';
import type { RequestContext } from './request-context.js';

/** How long one check may take in all, token request and redirects included. */
export const OCI_CHECK_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'flightctl-api';

/** Every manifest kind a tag may point to: OCI and Docker, single-platform and multi-platform. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.artifact.manifest.v1+json',
].join(', ');

// A repository path inside a registry, as the distribution spec defines it (lowercase components).
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_PATH = new RegExp(`^${NAME_COMPONENT}(?:/${NAME_COMPONENT})*$`);

export interface OciCheckOptions {
  /** Deadline for one check; default OCI_CHECK_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The 400 for an image name the registry could never hold (a tag, digest, host:port or uppercase in it). */
export function imageNameProblem(imageName: string): string | undefined {
  if (IMAGE_PATH.test(imageName)) return undefined;
  return (
    `invalid imageName "${imageName}": must be a repository path within the registry, without registry host, ` +
    `tag or digest, matching ${IMAGE_PATH.source} (e.g. "centos-bootc/centos-bootc")`
  );
}

export interface Challenge {
  /** Lowercase: "basic", "bearer", … */
  scheme: string;
  /** Parameter names lowercase. */
  params: Record<string, string>;
}

const TOKEN = "[\\w!#$%&'*+.^`|~-]+";
const PARAM = new RegExp(`^\\s*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s,]*))\\s*(?:,|$)`);
const SCHEME = new RegExp(`^[\\s,]*(${TOKEN})(?:\\s+|\\s*,|\\s*$)`);

/** Parses a `WWW-Authenticate` value, which may hold several challenges (RFC 9110 §11.6.1). */
export function parseChallenges(header: string | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header ?? '';
  let current: Challenge | undefined;
  while (rest.trim() !== '') {
    const param = current ? PARAM.exec(rest) : null;
    if (param && current) {
      current.params[param[1]!.toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3]!;
      rest = rest.slice(param[0].length);
      continue;
    }
    const scheme = SCHEME.exec(rest);
    if (!scheme) break;
    current = { scheme: scheme[1]!.toLowerCase(), params: {} };
    challenges.push(current);
    rest = rest.slice(scheme[0].length);
  }
  return challenges;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  url: URL;
  /** The token server answered, not the registry. */
  fromTokenServer?: boolean;
}

type HeaderMap = Record<string, string>;

interface Credentials {
  username: string;
  password: string;
}

const basic = ({ username, password }: Credentials) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** One HTTP exchange; the body is read up to MAX_BODY_BYTES. */
function send(url: URL, method: string, headers: HeaderMap, tls: https.RequestOptions, signal: AbortSignal) {
  return new Promise<Reply>((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = { method, headers, signal, agent: false, ...(secure ? tls : {}) };
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          url,
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        else done();
      });
      res.on('end', done);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Talks to one registry with one repository's settings, answering its authentication challenge. */
class RegistryClient {
  private readonly base: URL;
  private readonly tls: https.RequestOptions;
  readonly credentials: Credentials | undefined;

  constructor(
    readonly spec: OciRepoSpec,
    private readonly signal: AbortSignal,
  ) {
    this.base = new URL(`${spec.scheme ?? 'https'}://${spec.registry}`);
    const ca = spec['ca.crt'] ? Buffer.from(spec['ca.crt'], 'base64').toString('utf8') : undefined;
    this.tls = {
      rejectUnauthorized: spec.skipServerVerification !== true,
      ...(ca ? { ca: [...rootCertificates, ca] } : {}),
    };
    this.credentials = spec.ociAuth ? { username: spec.ociAuth.username, password: spec.ociAuth.password } : undefined;
  }

  /** `method path` against the registry; on a 401 challenge, authenticates once and asks again. */
  async request(method: string, path: string, accept: string, scope: string): Promise<Reply> {
    const url = new URL(path, this.base);
    const headers: HeaderMap = { accept, 'user-agent': USER_AGENT };
    const first = await this.follow(method, url, headers);
    if (first.status !== 401) return first;

    const challenges = parseChallenges(first.headers['www-authenticate']);
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    let authorization: string;
    if (bearer) {
      const token = await this.token(bearer.params, scope);
      if (typeof token !== 'string') return token;
      authorization = `Bearer ${token}`;
    } else if (challenges.some((c) => c.scheme === 'basic') && this.credentials) {
      authorization = basic(this.credentials);
    } else {
      return first;
    }
    return this.follow(method, url, { ...headers, authorization });
  }

  /** The Docker token flow: a token for `scope` from the challenge's realm, with the credentials if any. */
  private async token(params: Record<string, string>, scope: string): Promise<string | Reply> {
    const url = new URL(params.realm!);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`the registry named an unusable token realm "${params.realm}"`);
    if (params.service) url.searchParams.set('service', params.service);
    for (const s of (params.scope ?? scope).split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    const headers: HeaderMap = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (this.credentials) headers.authorization = basic(this.credentials);
    const reply = await this.follow('GET', url, headers);
    if (reply.status !== 200) return { ...reply, fromTokenServer: true };
    let token: unknown;
    try {
      const body = JSON.parse(reply.body) as { token?: unknown; access_token?: unknown };
      token = body.token ?? body.access_token;
    } catch {
      // Reported below as a missing token.
    }
    if (typeof token !== 'string' || token === '') throw new Error(`the token server ${url.host} returned no token`);
    return token;
  }

  /** Sends, following redirects; credentials are not carried to another origin. */
  private async follow(method: string, start: URL, headers: HeaderMap): Promise<Reply> {
    let url = start;
    let current = headers;
    for (let hops = 0; ; hops++) {
      const reply = await send(url, method, current, this.tls, this.signal);
      const location = reply.headers.location;
      if (!REDIRECTS.has(reply.status) || !location || hops >= MAX_REDIRECTS) return reply;
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return reply;
      if (next.origin !== url.origin) {
        const { authorization: _dropped, ...rest } = current;
        current = rest;
      }
      url = next;
    }
  }
}

/** `CODE: message` of each error in a distribution error body, or undefined. */
function registryErrors(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    const errors = (parsed.errors ?? [])
      .map((e) => [e.code, e.message].filter((p) => typeof p === 'string' && p !== '').join(': '))
      .filter(Boolean);
    return errors.length > 0 ? errors.join('; ') : undefined;
  } catch {
    return undefined;
  }
}

interface Target {
  kind: 'tag' | 'image';
  imageName: string;
  tag?: string;
}

function describeReply(reply: Reply, target: Target, client: RegistryClient): string {
  const registry = client.spec.registry;
  const image = `${registry}/${target.imageName}`;
  const status = `${reply.status} ${STATUS_CODES[reply.status] ?? ''}`.trim();
  const detail = registryErrors(reply.body);
  const withDetail = (text: string) => (detail ? `${text} (${detail})` : text);
  const creds = client.credentials !== undefined;

  if (reply.fromTokenServer) {
    const server = `the token server ${reply.url.host}`;
    if (reply.status === 401 || reply.status === 403)
      return withDetail(
        creds
          ? `authentication failed: ${server} rejected the username and password in spec.ociAuth`
          : `${server} refused anonymous access: set spec.ociAuth`,
      );
    return withDetail(`${server} answered ${status}`);
  }
  switch (reply.status) {
    case 404:
      return withDetail(
        target.kind === 'tag' ? `tag "${target.tag}" of image ${image} not found` : `image ${image} not found`,
      );
    case 401:
      return withDetail(
        creds
          ? `authentication failed: ${registry} did not accept the credentials in spec.ociAuth for ${image}`
          : `${registry} requires authentication: set spec.ociAuth`,
      );
    case 403:
      return withDetail(`access to ${image} denied by ${registry}`);
    case 429:
      return withDetail(`${registry} is rate limiting requests; try again later`);
    default:
      return withDetail(`${registry} answered ${status}`);
  }
}

const TLS_TRUST_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function describeFailure(err: unknown, client: RegistryClient, timedOut: boolean, timeoutMs: number): string {
  const where = `${client.spec.scheme ?? 'https'}://${client.spec.registry}`;
  if (timedOut) return `no answer from ${where} within ${timeoutMs / 1000} s`;
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED') return `cannot connect to ${where}: connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host of ${where}: ${error.message}`;
  if (code === 'ECONNRESET') return `${where} closed the connection: ${error.message}`;
  if (TLS_TRUST_ERRORS.has(code))
    return `TLS certificate of ${where} not trusted (${error.message}): set spec.ca.crt to its CA, or spec.skipServerVerification`;
  if (code === 'EPROTO' || code.startsWith('ERR_SSL'))
    return `TLS handshake with ${where} failed (${error.message}); if the registry serves plain HTTP, set spec.scheme to http`;
  return `request to ${where} failed: ${error.message}`;
}

async function check(
  spec: OciRepoSpec,
  target: Target,
  options: OciCheckOptions,
  exchange: (client: RegistryClient) => Promise<Reply>,
): Promise<CheckRepositoryOciResult> {
  const timeoutMs = options.timeoutMs ?? OCI_CHECK_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let client: RegistryClient;
  try {
    client = new RegistryClient(spec, signal);
  } catch (err) {
    return { accessible: false, errorMessage: `invalid registry settings: ${(err as Error).message}` };
  }
  try {
    const reply = await exchange(client);
    if (reply.status >= 200 && reply.status < 300) return { accessible: true };
    return { accessible: false, errorCode: reply.status, errorMessage: describeReply(reply, target, client) };
  } catch (err) {
    return { accessible: false, errorMessage: describeFailure(err, client, signal.aborted, timeoutMs) };
  }
}

const pullScope = (imageName: string) => `repository:${imageName}:pull`;

/** Whether `<registry>/<imageName>:<tag>` exists: HEAD of the tag's manifest. */
export function checkOciTag(
  spec: OciRepoSpec,
  imageName: string,
  tag: string,
  options: OciCheckOptions = {},
): Promise<CheckRepositoryOciResult> {
  return check(spec, { kind: 'tag', imageName, tag }, options, (client) =>
    client.request(
      'HEAD',
      `/v2/${imageName}/manifests/${encodeURIComponent(tag)}`,
      MANIFEST_ACCEPT,
      pullScope(imageName),
    ),
  );
}

/** Whether the image (repository) `<registry>/<imageName>` exists and may be read: its first tag-list page. */
export function checkOciImage(
  spec: OciRepoSpec,
  imageName: string,
  options: OciCheckOptions = {},
): Promise<CheckRepositoryOciResult> {
  return check(spec, { kind: 'image', imageName }, options, (client) =>
    client.request('GET', `/v2/${imageName}/tags/list?n=1`, 'application/json', pullScope(imageName)),
  );
}

/** The two check endpoints: request validation, the repository lookup, then the registry check. */
export class RepositoryOciChecks {
  constructor(
    private readonly store: Store,
    private readonly options: OciCheckOptions = {},
  ) {}

  async checkTag(ctx: RequestContext, name: string, body: unknown): Promise<CheckRepositoryOciResult> {
    assertValid<CheckRepositoryOciTagRequest>(CheckRepositoryOciTagRequest, body);
    const spec = await this.ociSpec(ctx, name, body.imageName);
    return checkOciTag(spec, body.imageName, body.tag, this.options);
  }

  async checkImage(ctx: RequestContext, name: string, body: unknown): Promise<CheckRepositoryOciResult> {
    assertValid<CheckRepositoryOciImageRequest>(CheckRepositoryOciImageRequest, body);
    const spec = await this.ociSpec(ctx, name, body.imageName);
    return checkOciImage(spec, body.imageName, this.options);
  }

  /** The stored spec (with its secrets) of an OCI repository; 400 for a bad image name or another type, 404 when missing. */
  private async ociSpec(ctx: RequestContext, name: string, imageName: string): Promise<OciRepoSpec> {
    const problem = imageNameProblem(imageName);
    if (problem) throw badRequest(problem);
    const repo = await repositoryKind.store(this.store).get(ctx.orgId, name);
    if (!repo) throw notFound(repositoryKind.kind, name);
    if (repo.spec.type !== 'oci')
      throw badRequest(
        `repository "${name}" is of type "${repo.spec.type}", not OCI: only OCI repositories can be checked`,
      );
    return repo.spec;
  }
}
