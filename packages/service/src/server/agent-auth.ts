/**
 * Authentication of the agent API (ref/service.md §6.5, §6.7, api.md §2.4). TLS has already
 * verified the client certificate against the CA bundle; this maps it to an `AgentIdentity` by the
 * signer that issued it: the enrollment signer gives an enrollment identity, which may only use the
 * enrollment request paths; the management and renewal signers give a device identity, which may
 * use every other path but only for its own device. Everything else is refused with 401.
 */
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '@flightctl/api';
import { readFlightctlFields } from '../crypto/certificate-extensions.js';
import { x509 } from '../crypto/x509.js';
import { DEFAULT_ORG_ID } from '../store/schema.js';
import type { AgentIdentity } from './agent-identity.js';

export interface AgentAuthOptions {
  /** The signer names of `ca` (certificate-services `signerNames`). */
  signerNames: { enrollment: string; deviceManagement: string; deviceManagementRenewal: string };
  /** `ca.deviceCommonNamePrefix`: a device certificate's CN is this prefix and the device name. */
  deviceCommonNamePrefix: string;
  /** How long a derived identity is reused; never past the certificate's NotAfter. */
  cacheTtlMs?: number;
}

/** Upstream keeps identities derived from certificates for 10 minutes. */
export const IDENTITY_CACHE_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED_IDENTITIES = 100_000;

const ENROLLMENT_PATH = /^\/api\/v1\/enrollmentrequests(?:[/?]|$)/;
const DEVICE_PATH = /^\/api\/v1\/devices\//;

const unauthorized = (message: string) => new ApiError(401, message);

/** Derives the identity a verified client certificate carries; throws 401 for a certificate that gives none. */
export function identityOf(der: Buffer, options: AgentAuthOptions): AgentIdentity {
  const cert = new x509.X509Certificate(der);
  const fields = readFlightctlFields(cert);
  const commonName = cert.subjectName.getField('CN')[0] ?? '';
  const orgId = fields.orgId || DEFAULT_ORG_ID;
  const { enrollment, deviceManagement, deviceManagementRenewal } = options.signerNames;
  if (fields.signerName === enrollment) return { kind: 'enrollment', orgId, commonName };
  if (fields.signerName !== deviceManagement && fields.signerName !== deviceManagementRenewal)
    throw unauthorized('client certificate was not issued by a Flight Control signer for devices or enrollment');
  const prefix = options.deviceCommonNamePrefix;
  const fingerprint = commonName.startsWith(prefix) ? commonName.slice(prefix.length) : '';
  if (!fingerprint) throw unauthorized(`client certificate common name "${commonName}" does not name a device`);
  return { kind: 'device', orgId, fingerprint, signerName: fields.signerName, commonName };
}

/** Identities by certificate (its SHA-256 fingerprint), so a busy agent's certificate is parsed once. */
export class IdentityCache {
  private readonly entries = new Map<string, { identity: AgentIdentity; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, now: number): AgentIdentity | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.identity;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  set(key: string, identity: AgentIdentity, notAfter: number, now: number): void {
    if (this.entries.size >= MAX_CACHED_IDENTITIES) {
      for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
      if (this.entries.size >= MAX_CACHED_IDENTITIES) this.entries.clear();
    }
    this.entries.set(key, { identity, expiresAt: Math.min(now + this.ttlMs, notAfter) });
  }
}

function checkAccess(request: FastifyRequest, identity: AgentIdentity): void {
  const path = request.url;
  if (ENROLLMENT_PATH.test(path)) {
    if (identity.kind !== 'enrollment') throw unauthorized('enrollment requests need an enrollment certificate');
    return;
  }
  if (identity.kind !== 'device') throw unauthorized('this path needs a device certificate');
  const name = (request.params as { name?: string } | undefined)?.name;
  if (DEVICE_PATH.test(path) && name !== undefined && name !== identity.fingerprint)
    throw unauthorized(`device "${name}" does not match the client certificate`);
}

/** What a connection's client certificate gave, derived on its first request. */
interface ConnectionIdentity {
  identity: AgentIdentity;
  notAfter: number;
}

/** The request's connection: its HTTP/2 session, or its HTTP/1.1 socket. */
function connectionOf(request: FastifyRequest): { connection: object; socket: TLSSocket } {
  const raw = request.raw as unknown as { stream?: { session?: object }; socket: TLSSocket };
  return { connection: raw.stream?.session ?? raw.socket, socket: raw.socket };
}

/** Derives the identity of a connection's verified client certificate, from the cache when it has it. */
function connectionIdentity(socket: TLSSocket, cache: IdentityCache, options: AgentAuthOptions, now: number) {
  // getPeerCertificate() builds a new object on every call: it is read once per connection.
  const peer: PeerCertificate | undefined = socket.authorized ? socket.getPeerCertificate() : undefined;
  if (!peer?.raw) throw unauthorized('a verified client certificate is required');
  const notAfter = Date.parse(peer.valid_to);
  let identity = cache.get(peer.fingerprint256, now);
  if (!identity) {
    identity = identityOf(peer.raw, options);
    cache.set(peer.fingerprint256, identity, notAfter, now);
  }
  return { identity, notAfter };
}

export function agentAuthentication(app: FastifyInstance, options: AgentAuthOptions): void {
  const cache = new IdentityCache(options.cacheTtlMs ?? IDENTITY_CACHE_TTL_MS);
  // An agent keeps its connection for hours: its identity is derived once for the connection, not
  // again each time the cache entry lapses, and the certificate's expiry is still checked each request.
  const connections = new WeakMap<object, ConnectionIdentity>();
  app.addHook('onRequest', async (request) => {
    const { connection, socket } = connectionOf(request);
    const now = Date.now();
    let known = connections.get(connection);
    if (!known) {
      known = connectionIdentity(socket, cache, options, now);
      connections.set(connection, known);
    }
    if (now > known.notAfter) throw unauthorized('the client certificate has expired');
    checkAccess(request, known.identity);
    request.agentIdentity = known.identity;
  });
}
