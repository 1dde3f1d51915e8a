/**
 * A request context that says the caller came with a client certificate (the agent API): the
 * certificate is what the signers check, and a device's own requests belong to it.
 */
import type { PeerCertificate } from '../crypto/certificate-services.js';
import type { RequestContext } from './request-context.js';

export interface CertificateCallerContext extends RequestContext {
  peer: PeerCertificate;
  /** `Device/<name>` for requests of a device; what it creates is owned by it. */
  owner?: string;
}

export function withCallerCertificate(ctx: RequestContext, peer: PeerCertificate, owner?: string): RequestContext {
  const caller: CertificateCallerContext = { ...ctx, peer, ...(owner ? { owner } : {}) };
  return caller;
}

export const callerCertificate = (ctx: RequestContext): PeerCertificate | undefined =>
  (ctx as Partial<CertificateCallerContext>).peer;

export const callerOwner = (ctx: RequestContext): string | undefined =>
  (ctx as Partial<CertificateCallerContext>).owner;
