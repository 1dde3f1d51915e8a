/**
 * Everything the rest of the service needs from the certificate side, loaded once at start: the CA
 * layout (ca-layout.ts), the TLS material of both listeners, and the signers that verify and sign
 * certificate requests (ref/service.md §6).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Config } from '../config/config-schema.js';
import { loadCaLayout, type CaLayout } from './ca-layout.js';
import { ensureServerCertificate } from './server-certificate.js';
import { Signers } from './signers/signers.js';
import type { SignRequest, SignerNames, SignerSettings } from './signers/signer.js';

export type { PeerCertificate, SignRequest, SignerNames } from './signers/signer.js';
export { MSG_TPM_NOT_SUPPORTED, SigningError } from './certificate-request.js';

/** Shortens management and renewal certificates, so tests can watch them expire and renew (as upstream). */
export const MGMT_CERT_EXPIRY_ENV = 'FLIGHTCTL_TEST_MGMT_CERT_EXPIRY_SECONDS';

const DAY_SECONDS = 24 * 60 * 60;
const MANAGEMENT_VALIDITY_DAYS = 365;
const SVC_CLIENT_VALIDITY_DAYS = 365;
const INT32_MAX = 2 ** 31 - 1;
/** Server certificates of the agent endpoint are named after the user API's: server-agent.crt by default. */
const AGENT_SERVER_SUFFIX = '-agent';

export interface ServerTls {
  key: string;
  cert: string;
}

export interface CertificateServicesOptions {
  /** Where FLIGHTCTL_TEST_MGMT_CERT_EXPIRY_SECONDS is read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Upstream reads the override as a positive int32 and ignores anything else. */
function managementValiditySeconds(env: NodeJS.ProcessEnv): number {
  const raw = env[MGMT_CERT_EXPIRY_ENV];
  const seconds = raw && /^\d+$/.test(raw) ? Number(raw) : 0;
  return seconds > 0 && seconds <= INT32_MAX ? seconds : MANAGEMENT_VALIDITY_DAYS * DAY_SECONDS;
}

function signerSettings(ca: Config['ca'], env: NodeJS.ProcessEnv): SignerSettings {
  return {
    bootstrapCommonName: ca.clientBootstrapCommonName,
    bootstrapCommonNamePrefix: ca.clientBootstrapCommonNamePrefix,
    deviceCommonNamePrefix: ca.deviceCommonNamePrefix,
    extraAllowedPrefixes: ca.extraAllowedPrefixes,
    names: {
      enrollment: ca.deviceEnrollmentSignerName,
      deviceManagement: ca.deviceManagementSignerName,
      deviceManagementRenewal: ca.deviceManagementRenewalSignerName,
      deviceSvcClient: ca.deviceSvcClientSignerName,
      serverSvc: ca.serverSvcSignerName,
    },
    enrollmentValiditySeconds: (ca.clientBootStrapValidityDays ?? ca.clientBootstrapValidityDays) * DAY_SECONDS,
    managementValiditySeconds: managementValiditySeconds(env),
    svcClientValiditySeconds: SVC_CLIENT_VALIDITY_DAYS * DAY_SECONDS,
    serverSvcValiditySeconds: ca.serverCertValidityDays * DAY_SECONDS,
  };
}

/** The names a server certificate for `url` covers: its host, the configured extra names, and loopback. */
function serverNames(url: string, altNames: string[]): { hostnames: string[]; ips: string[] } {
  const hosts = [new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'), ...altNames];
  return {
    hostnames: ['localhost', ...hosts.filter((h) => !isIP(h))],
    ips: ['127.0.0.1', '::1', ...hosts.filter((h) => isIP(h))],
  };
}

async function userServer(config: Config, layout: CaLayout): Promise<ServerTls | undefined> {
  const svc = config.service;
  if (svc.disableTLS) return undefined;
  if (svc.srvCertificateFile && svc.srvKeyFile)
    return { cert: readFileSync(svc.srvCertificateFile, 'utf8'), key: readFileSync(svc.srvKeyFile, 'utf8') };
  const issued = await ensureServerCertificate(layout.root, svc.certStore, {
    ...serverNames(svc.baseUrl, svc.altNames),
    validityDays: svc.serverCertValidityDays,
    baseName: svc.serverCertName,
  });
  return { cert: issued.certPem, key: issued.keyPem };
}

export class CertificateServices {
  private constructor(
    private readonly layout: CaLayout,
    private readonly signers: Signers,
    private readonly agentServer: ServerTls,
    private readonly userServer: ServerTls | undefined,
    /** Signer names as configured. */
    readonly signerNames: SignerNames,
    /** The root CA's certificate when it signed the user API's certificate (what its clients trust). */
    readonly userCaCertPath: string | undefined,
  ) {}

  static async load(config: Config, options: CertificateServicesOptions = {}): Promise<CertificateServices> {
    const svc = config.service;
    const layout = await loadCaLayout(svc.certStore, config.ca.internalConfig);
    const settings = signerSettings(config.ca, options.env ?? process.env);
    const agent = await ensureServerCertificate(layout.root, svc.certStore, {
      ...serverNames(svc.baseAgentEndpointUrl, svc.altNames),
      validityDays: svc.serverCertValidityDays,
      baseName: `${svc.serverCertName}${AGENT_SERVER_SUFFIX}`,
    });
    const user = await userServer(config, layout);
    const generatedUserCert = user !== undefined && !(svc.srvCertificateFile && svc.srvKeyFile);
    return new CertificateServices(
      layout,
      new Signers(settings, layout.clientSigner),
      { cert: agent.certPem, key: agent.keyPem },
      user,
      settings.names,
      generatedUserCert ? layout.root.certPath : undefined,
    );
  }

  /** Every CA agents trust and the agent endpoint verifies client certificates against (PEM). */
  get caBundlePem(): string {
    return this.layout.bundlePem;
  }

  get caBundlePath(): string {
    return this.layout.bundlePath;
  }

  /** The agent endpoint's certificate, issued by a CA in the bundle. */
  agentServerTls(): ServerTls {
    return this.agentServer;
  }

  /** The user API's certificate (configured or generated); undefined with service.disableTLS. */
  userServerTls(): ServerTls | undefined {
    return this.userServer;
  }

  /** Throws SigningError when the request may not be signed as asked (the API answers 400). */
  verify(request: SignRequest): Promise<void> {
    return this.signers.verify(request);
  }

  /** The certificate (PEM) for the request, or the one already issued; throws SigningError. */
  sign(request: SignRequest): Promise<string> {
    return this.signers.sign(request);
  }
}
