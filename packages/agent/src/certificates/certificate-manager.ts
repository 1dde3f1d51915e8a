/**
 * The agent's certificate manager (§9.3): keeps the management certificate and the extra certificates
 * of /etc/flightctl/certs.yaml valid by renewing them through CertificateSigningRequests. It syncs at
 * start, every hour and whenever asked (SIGHUP), and retries on the backoff schedule in between.
 */
import { pino } from 'pino';
import { parseGoDuration } from '@flightctl/api/agent';
import type { RootDir } from '../os/root-dir.js';
import { type CertificateLogger, Issuance, type IssuanceTarget } from './certificate-issuance.js';
import type { CsrClient } from './csr-issuance.js';
import { extraCertificate } from './extra-certificate.js';
import { type ExtraCertificateConfig, loadExtraCertificateConfigs } from './extra-certificate-configs.js';
import { managementCertificate } from './management-certificate.js';

export type { CsrClient } from './csr-issuance.js';
export type { CertificateLogger } from './certificate-issuance.js';

const DEFAULT_SYNC_INTERVAL_MS = 60 * 60 * 1000;

export interface CertificateManagerOptions {
  client: CsrClient;
  root: RootDir;
  /** Device paths of the management certificate and the device key. */
  certPath: string;
  keyPath: string;
  deviceName: string;
  /** Called after a renewed management certificate is on disk, to rebuild the management client. */
  onRenewed(certPem: string, keyPem: string): void | Promise<void>;
  logger?: CertificateLogger;
  now?: () => Date;
  /** Default one hour, or FLIGHTCTL_TEST_CERT_MANAGER_SYNC_INTERVAL (a Go duration). */
  syncIntervalMs?: number;
}

function syncIntervalFromEnv(): number {
  const override = process.env.FLIGHTCTL_TEST_CERT_MANAGER_SYNC_INTERVAL;
  const parsed = override === undefined ? undefined : parseGoDuration(override);
  return parsed !== undefined && parsed > 0 ? parsed : DEFAULT_SYNC_INTERVAL_MS;
}

export class CertificateManager {
  private readonly logger: CertificateLogger;
  private readonly now: () => Date;
  private readonly syncIntervalMs: number;
  private readonly management: Issuance;
  private readonly managementTarget: IssuanceTarget;
  /** Extra certificates by name, with the configuration their issuance was started for. */
  private readonly extra = new Map<string, { configJson: string; issuance: Issuance }>();
  private running: Promise<void> = Promise.resolve();
  private interval: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;

  constructor(private readonly options: CertificateManagerOptions) {
    this.logger = options.logger ?? pino({ name: 'certificate-manager' });
    this.now = options.now ?? (() => new Date());
    this.syncIntervalMs = options.syncIntervalMs ?? syncIntervalFromEnv();
    this.management = new Issuance(options.client, this.logger);
    this.managementTarget = managementCertificate({ ...options, logger: this.logger });
  }

  /** Syncs now and then every sync interval, until stop(). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.syncNow();
    this.interval = setInterval(() => void this.syncNow(), this.syncIntervalMs);
    this.interval.unref();
  }

  /** Stops the timers and waits for a sync in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    await this.running;
  }

  /**
   * Renews whatever is due, follows requests in flight and re-reads certs.yaml. Syncs never overlap: a
   * call during a sync runs after it. Failures are logged and retried, never thrown.
   */
  syncNow(): Promise<void> {
    if (this.stopped) return this.running;
    this.running = this.running
      .then(() => this.sync())
      .catch((err: unknown) => this.logger.error({ err }, 'certificate sync failed'));
    return this.running;
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    await this.management.advance(this.managementTarget, now);

    let configs: ExtraCertificateConfig[] = [];
    try {
      configs = await loadExtraCertificateConfigs(this.options.root, this.options.deviceName, this.logger);
    } catch (err) {
      this.logger.warn({ err }, 'extra certificate configuration unreadable');
    }
    for (const name of this.extra.keys()) {
      if (!configs.some((c) => c.name === name)) this.extra.delete(name);
    }
    for (const config of configs) {
      const configJson = JSON.stringify(config);
      let entry = this.extra.get(config.name);
      // A changed entry starts over: a request in flight was made for the old one.
      if (entry?.configJson !== configJson) {
        entry = { configJson, issuance: new Issuance(this.options.client, this.logger) };
        this.extra.set(config.name, entry);
      }
      await entry.issuance.advance(extraCertificate(this.options.root, config), now);
    }
    this.scheduleRetry();
  }

  /** Wakes up for the earliest retry, so a backoff shorter than the sync interval is honoured. */
  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (!this.started || this.stopped) return;
    const retries = [this.management, ...[...this.extra.values()].map((e) => e.issuance)]
      .map((issuance) => issuance.retryAt)
      .filter((at): at is number => at !== undefined);
    if (retries.length === 0) return;
    const delay = Math.max(0, Math.min(...retries) - this.now().getTime());
    this.retryTimer = setTimeout(() => void this.syncNow(), delay);
    this.retryTimer.unref();
  }
}
