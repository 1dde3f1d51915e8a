/**
 * One device agent (ref/agent.md §2): identity, enrollment, bootstrap, then the spec publisher, the
 * main loop and certificate renewal until stopped. It touches files only through its RootDir and runs
 * commands only through its Executor, so many agents can run in one process (the device simulator)
 * and tests can run the real agent unprivileged.
 */
import type { DeviceSystemInfo, OsModeType } from '@flightctl/api';
import type { Logger } from 'pino';
import { CertificateManager } from './certificates/certificate-manager.js';
import { certificateInfo } from './certificates/certificate-info.js';
import { Connection } from './client/connection.js';
import { EnrollmentClient } from './client/enrollment-client.js';
import { ManagementClient } from './client/management-client.js';
import { ServiceClient, type RequestDurationCallback } from './client/service-client.js';
import { readTlsCredentials } from './client/tls-credentials.js';
import type { AgentConfig } from './config/agent-config.js';
import { AgentConfigError, type LoadedAgentConfig } from './config/load-config.js';
import { agentTimings, validateAgentConfig, type AgentTimings } from './config/validate-config.js';
import { Engine } from './engine/engine.js';
import { Reconciler, updatingCondition } from './engine/reconciler.js';
import { unsupportedFeatureControllers } from './engine/unsupported-feature.js';
import { enrollmentBanner, managementBanner, writeBanner } from './enrollment/banner.js';
import { enroll } from './enrollment/enroll.js';
import { enrollmentLabels } from './enrollment/enrollment-labels.js';
import { FileIdentity } from './identity/file-identity.js';
import { ProcessExecutor, type Executor } from './os/executor.js';
import { RootDir } from './os/root-dir.js';
import { createAgentLogger, logLevel } from './process/logger.js';
import { detectOsMode } from './process/os-mode.js';
import { SystemdNotifier } from './process/systemd-notifier.js';
import { DeviceWatcher } from './spec/device-watcher.js';
import { AuditLog } from './spec/audit-log.js';
import { SpecFileMissingError, SpecFiles } from './spec/spec-files.js';
import { SpecManager } from './spec/spec-manager.js';
import { SpecPublisher } from './spec/spec-publisher.js';
import { UpdatePolicy } from './spec/update-policy.js';
import {
  applicationsExporter,
  osExporter,
  specExporter,
  summaryExporter,
  systemInfoExporter,
} from './status/device-exporters.js';
import { StatusManager } from './status/status-manager.js';
import { collectSystemInfo } from './system-info/collect-system-info.js';
import { systemClock, type Clock } from './timing/clock.js';
import { AGENT_VERSION } from './version.js';

export interface AgentOptions {
  config: AgentConfig;
  /** Drop-ins skipped while loading the config; reported as a Degraded status (§1.3). */
  configWarnings?: string[];
  /** The device's filesystem; default FLIGHTCTL_TEST_ROOT_DIR or `/`. */
  root?: RootDir;
  executor?: Executor;
  /** A connection to the enrollment service shared by many agents (the simulator's); never closed here. */
  enrollmentConnection?: Connection;
  /** Receives the duration of every call to the service (operation names of ref/agent.md §13). */
  onRequestDuration?: RequestDurationCallback;
  /** Used as given (its level is the caller's); default: pino on stderr at the config's `log-level`. */
  logger?: Logger;
  /** $NOTIFY_SOCKET as the process found it; READY=1 and STATUS=Connected are sent there. */
  notifySocket?: string;
  /** Also print the enrollment banner on stdout (the binary does, unless FLIGHTCTL_DISABLE_CONSOLE_BANNER). */
  consoleBanner?: boolean;
  clock?: Clock;
}

/** How one enrolled session of the agent ended. */
type SessionEnd = 'stopped' | 're-enroll';

const ENROLLMENT_BACKOFF_FACTOR = 1.5;
const FATAL_STATUS_BUDGET_MS = 5000;

function validated(config: AgentConfig): AgentTimings {
  const problems = validateAgentConfig(config);
  if (problems.length > 0)
    throw new AgentConfigError(problems.map(({ key, message }) => `${key}: ${message}`).join('\n'));
  return agentTimings(config);
}

export class Agent {
  private config: AgentConfig;
  private timings: AgentTimings;
  private configWarnings: string[];
  private readonly root: RootDir;
  private readonly executor: Executor;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly notifier: SystemdNotifier;
  private readonly identity: FileIdentity;
  private readonly stopping = new AbortController();
  private systemInfo?: DeviceSystemInfo;
  private session?: { status: StatusManager; certificates: CertificateManager };

  constructor(private readonly options: AgentOptions) {
    this.config = options.config;
    this.timings = validated(options.config);
    this.configWarnings = options.configWarnings ?? [];
    this.root = options.root ?? new RootDir();
    this.executor = options.executor ?? new ProcessExecutor();
    this.clock = options.clock ?? systemClock;
    const prefix = this.config['log-prefix'];
    this.log = options.logger
      ? options.logger.child({}, prefix ? { msgPrefix: `${prefix}: ` } : {})
      : createAgentLogger(this.config['log-level'], prefix);
    this.notifier = new SystemdNotifier(this.executor, options.notifySocket, this.log);
    this.identity = new FileIdentity(this.root, this.config.dataDir);
  }

  /** The device name, once `run` has loaded or created the device key. */
  get deviceName(): string | undefined {
    try {
      return this.identity.name;
    } catch {
      return undefined;
    }
  }

  /** Ends `run` gracefully: the loops stop and connections close. */
  stop(): void {
    this.stopping.abort();
  }

  /**
   * Runs until stopped. Rejects on what upstream treats as fatal (systemd restarts the agent): an
   * enrollment that was denied or never approved, a spec file that vanished, an unusable config.
   */
  async run(): Promise<void> {
    const { config, log } = this;
    const { 'enrollment-service': _e, 'management-service': _m, 'remote-access-service': _r, ...shown } = config;
    log.info({ config: shown }, `starting flightctl-agent ${AGENT_VERSION}`);
    if (config.tpm.enabled) throw new AgentConfigError('tpm.enabled: TPM identities are not supported by this agent');
    for (const key of ['metrics-enabled', 'profiling-enabled'] as const)
      if (config[key]) log.warn(`${key}: not supported by this agent yet; ignored`);

    await this.identity.initialize();
    log.info(`device name: ${this.identity.name}`);
    const osMode = await detectOsMode();
    this.systemInfo = await this.collectSystemInfo();
    while (!this.stopping.signal.aborted) {
      const end = await this.runSession(osMode);
      if (end === 'stopped') return;
    }
  }

  /**
   * Applies a configuration re-read after SIGHUP (§1.4): log level, system-info settings, drop-in
   * warnings and a full status push take effect now; everything else needs a restart.
   */
  async reload(loaded: LoadedAgentConfig): Promise<void> {
    const next = loaded.config;
    const timings = validated(next);
    const previous = this.config;
    this.config = next;
    this.timings = timings;
    this.configWarnings = loaded.warnings;
    if (!this.options.logger) this.log.level = logLevel(next['log-level']);
    // Collected again only when there is more to collect, as upstream.
    const added = (key: 'system-info' | 'system-info-custom') => next[key].some((k) => !previous[key].includes(k));
    if (added('system-info') || added('system-info-custom')) this.systemInfo = await this.collectSystemInfo();
    this.log.info('configuration reloaded');
    const session = this.session;
    if (!session) return;
    session.status.forgetPushed();
    await session.status.sync();
    await session.certificates.syncNow();
  }

  private async collectSystemInfo(): Promise<DeviceSystemInfo> {
    const certPem = await this.identity.readCertificate();
    let managementCert: { notAfter: Date; serial: string } | undefined;
    if (certPem) {
      try {
        const { notAfter, serial } = certificateInfo(certPem);
        managementCert = { notAfter, serial };
      } catch (err) {
        this.log.warn(`reading the management certificate: ${(err as Error).message}`);
      }
    }
    return collectSystemInfo({
      executor: this.executor,
      root: this.root,
      keys: this.config['system-info'],
      customInfo: this.config['system-info-custom'],
      timeoutMs: this.timings.systemInfoTimeoutMs,
      managementCert,
      logger: this.log,
    });
  }

  /** Bootstrap (§2.3) and the loops of one enrolled session. */
  private async runSession(osMode: OsModeType): Promise<SessionEnd> {
    const { config, log, identity } = this;
    const session = new AbortController();
    const stopSession = () => session.abort();
    this.stopping.signal.addEventListener('abort', stopSession, { once: true });

    const watcher = new DeviceWatcher();
    const policy = new UpdatePolicy(() => this.clock.now());
    const spec = new SpecManager({
      files: new SpecFiles(this.root, config.dataDir),
      watcher,
      policy,
      log,
      audit: new AuditLog({
        root: this.root,
        deviceName: identity.name,
        enabled: () => this.config.audit.enabled,
        log,
        now: () => new Date(this.clock.now()),
      }),
      now: () => this.clock.now(),
      random: () => this.clock.random(),
    });
    const reset = await spec.ensure();

    const status = this.statusManager(spec, osMode);

    const uiEndpoint = config['enrollment-service']['enrollment-ui-endpoint'] ?? '';
    if (!(await identity.hasCertificate())) {
      try {
        await this.enroll(status, spec, osMode, uiEndpoint, session.signal);
      } catch (err) {
        this.stopping.signal.removeEventListener('abort', stopSession);
        if (this.stopping.signal.aborted) return 'stopped';
        throw err;
      }
      // The management certificate's serial and expiry are part of the system info.
      this.systemInfo = await this.collectSystemInfo();
    }
    await writeBanner(this.root, managementBanner(uiEndpoint, identity.name));
    await this.notifier.notify('READY=1');

    const management = await this.managementClient();
    status.setSink(management);
    const outcome: { end: SessionEnd } = { end: 'stopped' };
    const certificates = new CertificateManager({
      client: management,
      root: this.root,
      certPath: identity.certPath,
      keyPath: identity.keyPath,
      deviceName: identity.name,
      logger: log,
      onRenewed: async (certPem, keyPem) => {
        management.useCertificate(certPem, keyPem);
        this.systemInfo = await this.collectSystemInfo();
        await status.sync();
      },
    });
    this.session = { status, certificates };
    try {
      await status.collect();
      await status.update((s) => {
        s.config.renderedVersion = spec.version('current');
      });
      await status.updateCondition(
        spec.isUpgrading() ? updatingCondition('True', 'Rebooting', '') : updatingCondition('False', 'Updated', ''),
      );
      await this.notifier.notify('STATUS=Connected');
      log.info('bootstrap complete');

      certificates.start();
      const publisher = new SpecPublisher({
        deviceName: identity.name,
        source: management,
        lastKnownVersion: spec.version('desired') || '0',
        errorBaseDelayMs: this.timings.specFetchErrorBaseDelayMs,
        errorMaxDelayMs: this.timings.specFetchErrorMaxDelayMs,
        log,
        clock: this.clock,
        onConflictPaused: () => status.forgetPushed(),
        onDeviceNotFound: () => {
          outcome.end = 're-enroll';
          session.abort();
        },
      });
      if (reset) publisher.resetKnownVersion();
      publisher.watch(watcher);

      const reconciler = new Reconciler({
        spec,
        status,
        controllers: unsupportedFeatureControllers(),
        osMode,
        log,
      });
      const engine = new Engine({
        reconcile: () => this.reconcile(reconciler, status, session.signal),
        statusUpdate: () => status.sync(),
        statusIntervalMs: this.timings.statusUpdateIntervalMs,
        statusJitterMs: this.timings.statusUpdateJitterMs,
        random: () => this.clock.random(),
      });
      watcher.onPush(() => engine.wake());
      await Promise.all([publisher.run(session.signal), engine.run(session.signal)]);
    } finally {
      session.abort();
      this.stopping.signal.removeEventListener('abort', stopSession);
      this.session = undefined;
      await certificates.stop();
      await management.close();
    }
    if (outcome.end === 're-enroll') {
      log.warn('the service no longer knows this device: removing its certificate and enrolling again');
      await identity.wipeCertificate();
    }
    return outcome.end;
  }

  /** The status with this agent's exporters, in upstream's order. */
  private statusManager(spec: SpecManager, osMode: OsModeType): StatusManager {
    const status = new StatusManager(this.identity.name, this.log, () => new Date(this.clock.now()));
    status.registerExporter(applicationsExporter);
    status.registerExporter(osExporter(osMode));
    status.registerExporter(specExporter(spec));
    status.registerExporter(systemInfoExporter(() => this.systemInfo!));
    status.registerExporter(summaryExporter(() => this.configWarnings));
    return status;
  }

  /** One reconciliation; only a vanished spec file ends the agent, other errors wait for the next tick. */
  private async reconcile(reconciler: Reconciler, status: StatusManager, signal: AbortSignal): Promise<void> {
    try {
      await reconciler.reconcile(signal);
    } catch (err) {
      if (!(err instanceof SpecFileMissingError)) {
        this.log.error(`reconciling the device spec: ${(err as Error).message}`);
        return;
      }
      const pushed = status.update((s) => {
        s.summary = { status: 'Error', info: `Spec file missing at runtime: ${err.message}` };
      });
      await Promise.race([pushed, this.clock.sleep(FATAL_STATUS_BUDGET_MS)]);
      throw err;
    }
  }

  private async enroll(
    status: StatusManager,
    spec: SpecManager,
    osMode: OsModeType,
    uiEndpoint: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { config, identity, log } = this;
    await status.collect();
    const deviceStatus = status.snapshot();
    const block = config['enrollment-service'];
    const shared = this.options.enrollmentConnection;
    const connection = shared ?? new Connection(await readTlsCredentials(this.root, 'enrollment-service', block));
    const client = new EnrollmentClient(
      new ServiceClient(block.service.server, connection, this.options.onRequestDuration),
    );
    try {
      await enroll({
        identity,
        client,
        deviceStatus,
        labels: enrollmentLabels(
          deviceStatus.systemInfo,
          config['label-from-systeminfo'],
          config['default-labels'],
          log,
        ),
        osMode,
        knownRenderedVersion: spec.version('desired') || undefined,
        backoff: {
          initialMs: this.timings.enrollmentVerifyIntervalMs,
          factor: ENROLLMENT_BACKOFF_FACTOR,
          capMs: this.timings.enrollmentVerifyCapMs,
          steps: config['enrollment-verify-steps'],
        },
        onAwaitingApproval: async () => {
          const banner = enrollmentBanner(uiEndpoint, identity.name);
          await writeBanner(this.root, banner);
          await this.notifier.notify('READY=1');
          if (this.options.consoleBanner) process.stdout.write(banner);
        },
        clock: this.clock,
        signal,
        log,
      });
    } finally {
      if (!shared) await client.close();
    }
  }

  private async managementClient(): Promise<ManagementClient> {
    const block = this.config['management-service'];
    const tls = await readTlsCredentials(this.root, 'management-service', block);
    return new ManagementClient(
      new ServiceClient(block.service.server, new Connection(tls), this.options.onRequestDuration),
      tls,
    );
  }
}
