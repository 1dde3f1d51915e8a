/**
 * Collects the requested groups of facts about the machine within one deadline. Collection is best
 * effort and serial (one source at a time, as upstream keeps the agent's footprint small): a source
 * that fails is logged and left empty, and once the deadline passes the remaining sources are skipped.
 */
import type { Executor } from '../os/executor.js';
import type { RootDir } from '../os/root-dir.js';
import { collectCustomInfo, discoverCustomInfoKeys } from './custom-info.js';
import { cpuFacts } from './cpu-facts.js';
import { biosFacts, systemBoardFacts } from './dmi-facts.js';
import type { FactContext, SystemInfoLogger } from './fact-context.js';
import { gpuFacts } from './gpu-facts.js';
import { architecture, bootFacts, hostname, kernelRelease, operatingSystem } from './host-facts.js';
import { memoryFacts } from './memory-facts.js';
import { networkFacts } from './network-facts.js';
import { distributionFacts } from './os-release.js';
import type { SystemFacts } from './system-facts.js';
import type { FactSource } from './system-info-keys.js';

export interface CollectFactsOptions {
  executor: Executor;
  root: RootDir;
  logger: SystemInfoLogger;
  timeoutMs: number;
  sources: ReadonlySet<FactSource>;
  /** Custom info keys to run, or `all` for every executable in the custom-info directory. */
  customInfo: readonly string[] | 'all';
  /** Device path of the PCI-ID → GPU name map. */
  hardwareMapPath?: string;
  /** Adds what only the full report shows: DNS servers and the FQDN. */
  detailed?: boolean;
}

type Collector = (ctx: FactContext, facts: SystemFacts, options: CollectFactsOptions) => Promise<void>;

const COLLECTORS: Record<FactSource, Collector> = {
  hostname: async (ctx, facts) => {
    facts.hostname = await hostname(ctx);
  },
  kernel: async (ctx, facts) => {
    facts.kernel = await kernelRelease(ctx);
  },
  distribution: async (ctx, facts) => {
    facts.distribution = await distributionFacts(ctx);
  },
  cpu: async (ctx, facts) => {
    facts.hardware.cpu = await cpuFacts(ctx);
  },
  memory: async (ctx, facts) => {
    facts.hardware.memory = await memoryFacts(ctx);
  },
  network: async (ctx, facts, options) => {
    facts.hardware.network = await networkFacts(ctx, options.detailed ?? false);
  },
  gpu: async (ctx, facts, options) => {
    facts.hardware.gpu = await gpuFacts(ctx, options.hardwareMapPath);
  },
  bios: async (ctx, facts) => {
    facts.hardware.bios = await biosFacts(ctx);
  },
  system: async (ctx, facts) => {
    facts.hardware.system = await systemBoardFacts(ctx);
  },
};

export const ALL_FACT_SOURCES: ReadonlySet<FactSource> = new Set(Object.keys(COLLECTORS) as FactSource[]);

export async function collectSystemFacts(options: CollectFactsOptions): Promise<SystemFacts> {
  const endsAt = Date.now() + options.timeoutMs;
  const ctx: FactContext = {
    executor: options.executor,
    root: options.root,
    logger: options.logger,
    signal: AbortSignal.timeout(options.timeoutMs),
    remainingMs: () => Math.max(0, endsAt - Date.now()),
  };
  const facts: SystemFacts = {
    hostname: '',
    architecture: architecture(),
    operatingSystem: operatingSystem(),
    kernel: '',
    hardware: {},
    collectedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };

  const pending: [string, () => Promise<void>][] = [
    ['boot', async () => void (facts.boot = await bootFacts(ctx))],
    ...[...options.sources].map((source): [string, () => Promise<void>] => [
      source,
      () => COLLECTORS[source](ctx, facts, options),
    ]),
  ];
  if (options.customInfo === 'all' || options.customInfo.length > 0) {
    pending.push([
      'customInfo',
      async () => {
        const keys = options.customInfo === 'all' ? await discoverCustomInfoKeys(ctx) : options.customInfo;
        facts.custom = await collectCustomInfo(ctx, [...keys]);
      },
    ]);
  }

  for (const [index, [name, collect]] of pending.entries()) {
    if (ctx.signal.aborted) {
      const skipped = pending.slice(index).map(([n]) => n);
      options.logger.warn({ timeoutMs: options.timeoutMs, skipped }, 'system info collection timed out');
      break;
    }
    try {
      await collect();
    } catch (err) {
      options.logger.warn({ err, source: name }, 'system info source failed');
    }
  }
  return facts;
}
