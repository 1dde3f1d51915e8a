/**
 * `npm run bench -- list-devices`: listing devices at fleet scale, through the real HTTP API of the
 * service and, in the same run, as raw SQL on the same database. See USAGE.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DEFAULT_ORG_ID, MIGRATIONS_DIR, migrate, openDatabase } from '@flightctl/service';
import { oneOf, positiveIntegers, postgresUrl } from '../common/options.js';
import { recordResults } from '../record-results.js';
import { SELECTOR, SELECTOR_FRACTION, SELECTOR_TEXT, matchesSelector } from './devices.js';
import { continueOf, getOk, keepAliveAgent } from '../common/http.js';
import { type Series, measureSeries } from '../common/measure.js';
import { canMeasureMemory } from '../common/proc-memory.js';
import type { DbTarget, Queryable } from '../common/queryable.js';
import { cpuStealMeter, gitCommit, loadAverage } from '../common/run-context.js';
import { DEFAULT_ORG, type SummaryCounts } from './queries.js';
import type { RawJob, RawResult } from './raw-worker.js';
import { SCENARIOS, SMALL_PAGE, type Scenario } from './scenarios.js';
import { type TableStats, seedDevices, tableStats } from './seed.js';
import { serviceBin, startServiceProcess } from '../common/service-process.js';

const USAGE = `usage: npm run build && npm run bench -- list-devices [options]

Seeds N realistic devices (8 labels, ~3.3 KB of JSON each) straight into a fresh database, then
measures through the HTTP API of the real service (the built dist/bin/flightctl-api.js, run in a
child process of its own) and, as the baseline, the same SQL on the bare driver:
  (a) one page of 100 with the 4-label selector ${SELECTOR_TEXT}
  (b) every match of that selector, following metadata.continue with the default page (1,000)
  (c) ?summaryOnly=true, over all devices and with the selector
p50/p95 over repeated runs after warm-up; memory is the RSS of the process doing the work (service
or raw worker) at the start of each scenario and its peak (VmHWM) during it.

The benchmark runs against the compiled packages (dist/): run \`npm run build\` after changing them.

options:
  --db postgres|pglite  database (default postgres; pglite is the embedded default of the service)
  --devices N           devices to seed (default 100000; on pglite that takes ~3 minutes in all)
  --iterations N        measured runs of (b) and (c) (default 20; (a) runs 10 times as many)
  --smoke               2,000 devices and a few iterations: proves the benchmark works (CI)
  --pg-url URL          server to create the benchmark database on (default
                        $FLIGHTCTL_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --record              add the results as a section of bench/RESULTS.md
  --keep                keep the database (printed) instead of dropping it
  --help`;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCH_DIR = path.dirname(HERE);
const REPO_DIR = path.dirname(BENCH_DIR);
const MB = 1024 * 1024;

interface Options {
  db: 'postgres' | 'pglite';
  devices: number;
  iterations: number;
  pageIterations: number;
  warmup: { page: number; other: number };
  smoke: boolean;
  pgUrl: string;
  record: boolean;
  keep: boolean;
  argv: string[];
}

function parseOptions(args: string[]): Options | undefined {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'postgres' },
      devices: { type: 'string' },
      iterations: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'pg-url': { type: 'string' },
      record: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const db = oneOf(USAGE, 'db', values.db, ['postgres', 'pglite'] as const);
  const int = positiveIntegers(USAGE);
  const smoke = values.smoke;
  const devices = int('devices', values.devices, smoke ? 2000 : 100_000);
  const iterations = int('iterations', values.iterations, smoke ? 5 : 20);
  return {
    db,
    devices,
    iterations,
    pageIterations: iterations * 10,
    warmup: { page: smoke ? 3 : 20, other: smoke ? 1 : 3 },
    smoke,
    pgUrl: postgresUrl(values['pg-url']),
    record: values.record,
    keep: values.keep,
    argv: args,
  };
}

interface Environment {
  target: DbTarget;
  /** Where the service keeps its config and log (and, on PGlite, its database). */
  serviceDir: string;
  databaseUrl?: string;
  dbVersion: string;
  stats: TableStats;
  /** Devices the selector matches. */
  matches: number;
  seedSeconds: number;
  cleanup(): Promise<void>;
}

const log = (msg: string) => console.log(`[list-devices] ${msg}`);

async function seedWithProgress(
  db: Queryable,
  count: number,
): Promise<{ seconds: number; stats: TableStats; matches: number }> {
  const t0 = performance.now();
  let shown = 0;
  await seedDevices(db, count, (done) => {
    if (done - shown >= count / 10 || done === count) {
      log(`  seeded ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
      shown = done;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM devices WHERE org_id = $1 AND labels @> $2::jsonb',
    [DEFAULT_ORG, JSON.stringify(SELECTOR)],
  );
  return { seconds, stats: await tableStats(db), matches: rows[0]!.n };
}

async function preparePostgres(options: Options, workDir: string): Promise<Environment> {
  const admin = new URL(options.pgUrl);
  const name = `flightctl_bench_${randomBytes(5).toString('hex')}`;
  const adminClient = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await adminClient((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const drop = async () => {
    if (options.keep) log(`kept database ${databaseUrl}`);
    else await adminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    log(`database ${name} on ${admin.host}: migrating, seeding ${options.devices.toLocaleString('en-US')} devices`);
    const database = await openDatabase({ url: databaseUrl, maxConnections: 1 });
    await migrate(database);
    await database.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { seconds, stats, matches } = await seedWithProgress(client, options.devices);
      const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      return {
        target: { kind: 'postgres', url: databaseUrl },
        serviceDir: workDir,
        databaseUrl,
        dbVersion: `PostgreSQL ${version.split(' ')[0]} (server on this machine, default settings)`,
        stats,
        matches,
        seedSeconds: seconds,
        cleanup: drop,
      };
    } finally {
      await client.end();
    }
  } catch (err) {
    await drop();
    throw err;
  }
}

async function preparePglite(options: Options, workDir: string): Promise<Environment> {
  const dataDir = path.join(workDir, 'db'); // where the service opens its embedded database
  log(`PGlite in ${dataDir}: migrating, seeding ${options.devices.toLocaleString('en-US')} devices`);
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await database.close();
  const db = new PGlite(dataDir);
  await db.waitReady;
  try {
    const { seconds, stats, matches } = await seedWithProgress(db, options.devices);
    const version = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const pgliteVersion = (
      JSON.parse(readFileSync(path.join(REPO_DIR, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    return {
      target: { kind: 'pglite', dataDir },
      serviceDir: workDir,
      dbVersion: `PGlite ${pgliteVersion} (PostgreSQL ${version.split(' ')[0]} in WASM, inside the measured process)`,
      stats,
      matches,
      seedSeconds: seconds,
      cleanup: async () => {},
    };
  } finally {
    await db.close();
  }
}

function runRawWorker(job: RawJob): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path.join(HERE, 'raw-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.once('message', (msg: { ok: boolean; result?: RawResult; error?: string }) => {
      settled = true;
      if (msg.ok) resolve(msg.result!);
      else reject(new Error(`raw worker: ${msg.error}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`raw worker exited with ${code} before answering`));
    });
    child.send(job);
  });
}

interface ServiceCheck {
  names?: string[];
  summary?: SummaryCounts;
  firstPage?: { count: number; remaining?: number; continue: boolean };
}

interface DeviceListBody {
  metadata: { continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; labels?: Record<string, string> } }[];
  summary: {
    total: number;
    applicationStatus: Record<string, number>;
    summaryStatus: Record<string, number>;
    updateStatus: Record<string, number>;
    capabilities?: { osMode?: Record<string, number> };
  };
}

const parseList = (body: Buffer) => JSON.parse(body.toString('utf8')) as DeviceListBody;

/** The service's side of a scenario; the first run parses the answers fully for the checks. */
async function measureService(
  env: Environment,
  scenario: Scenario,
  warmup: number,
  iterations: number,
): Promise<{ series: Series; check: ServiceCheck }> {
  const service = await startServiceProcess({ dir: env.serviceDir, databaseUrl: env.databaseUrl });
  const agent = keepAliveAgent();
  try {
    const base = service.url;
    const check: ServiceCheck = {};
    let first = true;
    const op = async () => {
      const firstRun = first;
      first = false;
      if (scenario.id === 'walk') {
        let token: string | undefined;
        do {
          const body = await getOk(
            agent,
            `${base}${scenario.path}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
          );
          token = continueOf(body);
          if (firstRun) {
            const list = parseList(body);
            (check.names ??= []).push(...list.items.map((d) => d.metadata.name));
            if (!list.items.every((d) => matchesSelector(d.metadata.labels))) throw new Error('a device not matching');
          }
        } while (token);
        return;
      }
      const body = await getOk(agent, `${base}${scenario.path}`);
      if (!firstRun) return;
      const list = parseList(body);
      if (scenario.id === 'page') {
        check.names = list.items.map((d) => d.metadata.name);
        if (!list.items.every((d) => matchesSelector(d.metadata.labels))) throw new Error('a device not matching');
        check.firstPage = {
          count: list.items.length,
          remaining: list.metadata.remainingItemCount,
          continue: !!list.metadata.continue,
        };
      } else {
        const s = list.summary;
        check.summary = {
          total: s.total,
          applicationStatus: s.applicationStatus,
          summaryStatus: s.summaryStatus,
          updateStatus: s.updateStatus,
          osMode: s.capabilities?.osMode ?? {},
        };
      }
    };
    const series = await measureSeries({ warmup, iterations, pid: service.pid }, op);
    return { series, check };
  } finally {
    agent.destroy();
    await service.stop();
  }
}

interface ScenarioResult {
  scenario: Scenario;
  raw: Series;
  ours: Series;
  matches: number;
}

/** The service must answer what the raw SQL answers, or the comparison means nothing. */
function verify(scenario: Scenario, raw: RawResult, ours: ServiceCheck, expected: { matches: number }): void {
  const fail = (what: string) => {
    throw new Error(`${scenario.id}: the service's answer differs from the raw SQL's: ${what}`);
  };
  if (scenario.id === 'page' || scenario.id === 'walk') {
    const names = raw.check as string[];
    if (!isDeepStrictEqual(ours.names, names))
      fail(
        `${ours.names?.length} names vs ${names.length}, first difference at ${names.findIndex((n, i) => ours.names?.[i] !== n)}`,
      );
    if (scenario.id === 'page') {
      const more = expected.matches > SMALL_PAGE;
      const remaining = more ? expected.matches - SMALL_PAGE : undefined;
      if (ours.firstPage?.continue !== more || ours.firstPage.remaining !== remaining)
        fail(`continue/remainingItemCount ${JSON.stringify(ours.firstPage)} for ${expected.matches} matches`);
    } else if (names.length !== expected.matches) fail(`walk found ${names.length} of ${expected.matches}`);
  } else if (!isDeepStrictEqual(ours.summary, raw.check)) {
    fail(`summary ${JSON.stringify(ours.summary)} vs ${JSON.stringify(raw.check)}`);
  }
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtMb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MB).toFixed(1) : 'n/a');
const ratio = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
const delta = (s: Series) => s.peakRssBytes - s.startRssBytes;

function verdict(r: ScenarioResult): string {
  const t = r.scenario.target;
  if (!t) return '';
  const time = r.ours.p95 <= t.p95Ms;
  const mem = t.deltaMb === undefined || delta(r.ours) / MB <= t.deltaMb;
  const goal = `p95 < ${t.p95Ms} ms${t.deltaMb !== undefined ? `, < ${t.deltaMb} MB` : ''}`;
  return `${goal}: ${time && mem ? 'met' : 'MISSED'}`;
}

function printTable(results: ScenarioResult[]): void {
  const header = ['scenario', 'raw p50', 'raw p95', 'ours p50', 'ours p95', 'ours/raw p50', 'ours/raw p95'];
  const memHeader = ['svc start MB', 'svc peak MB', 'svc +MB', 'raw +MB', 'target'];
  const rows = results.map((r) => [
    r.scenario.label,
    fmtMs(r.raw.p50),
    fmtMs(r.raw.p95),
    fmtMs(r.ours.p50),
    fmtMs(r.ours.p95),
    ratio(r.ours.p50, r.raw.p50),
    ratio(r.ours.p95, r.raw.p95),
    fmtMb(r.ours.startRssBytes),
    fmtMb(r.ours.peakRssBytes),
    fmtMb(delta(r.ours)),
    fmtMb(delta(r.raw)),
    verdict(r),
  ]);
  const all = [[...header, ...memHeader], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\ntimes in ms; memory in MiB of RSS (start of scenario, peak during it, peak - start)\n`);
  console.log(line(all[0]!));
  for (const row of rows) console.log(line(row));
  console.log('');
}

/** The migrations the benchmark database got: the schema (indexes) that was measured. */
function migrationTags(): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag).join(', ');
}

function markdownSection(
  options: Options,
  env: Environment,
  results: ScenarioResult[],
  matches: number,
  loadBefore: string,
  cpuSteal: string,
  migrations: string,
): string {
  const date = new Date().toISOString().slice(0, 10);
  const s = env.stats;
  const rows: string[][] = [];
  for (const r of results) {
    const short = r.scenario.label.replace(/^\((.)\) /, '($1) ');
    rows.push([
      `${short}: p50`,
      fmtMs(r.ours.p50),
      'ms',
      `raw SQL ${fmtMs(r.raw.p50)} ms (ours/raw ${ratio(r.ours.p50, r.raw.p50)})`,
    ]);
    rows.push([
      `${short}: p95`,
      fmtMs(r.ours.p95),
      'ms',
      `raw SQL ${fmtMs(r.raw.p95)} ms (${ratio(r.ours.p95, r.raw.p95)}); ${r.ours.samplesMs.length} runs${r.scenario.target ? `; ${verdict(r)}` : ''}`,
    ]);
    rows.push([
      `${short}: service memory growth`,
      fmtMb(delta(r.ours)),
      'MiB',
      `RSS ${fmtMb(r.ours.startRssBytes)} → peak ${fmtMb(r.ours.peakRssBytes)}; raw worker grew ${fmtMb(delta(r.raw))}`,
    ]);
  }
  const table = [
    '| metric | value | unit | notes |',
    '| ------ | ----- | ---- | ----- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  return `### ${date}, ${gitCommit()}, ${env.target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}

- Command: \`npm run bench -- list-devices ${options.argv.join(' ')}\`${options.argv.length ? '' : ' (defaults)'}
- Code: ${gitCommit()}, built service (\`npm run build\`); schema migrations ${migrations}
- Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${env.dbVersion}; load average ${loadBefore} before the run, ${loadAverage()} after; CPU steal ${cpuSteal} of the run
- Data: ${s.rows.toLocaleString('en-US')} devices (${(s.avgJsonBytes / 1024).toFixed(1)} KiB of JSON, ${(s.avgRowBytes / 1024).toFixed(1)} KiB stored a device; table with indexes ${fmtMb(s.totalBytes)} MiB), seeded in ${env.seedSeconds.toFixed(0)} s; selector \`${SELECTOR_TEXT}\` matches ${matches.toLocaleString('en-US')} (${((100 * matches) / s.rows).toFixed(1)} %)
- Method: the built service (\`dist/bin/flightctl-api.js\`, default config, plain HTTP) in a child process, restarted for each scenario; one client on one keep-alive connection; ${options.warmup.page}/${options.warmup.other} warm-up runs, then ${options.pageIterations} runs of (a) and ${options.iterations} of the others. Raw SQL: the issue's statements (one SELECT of the rows with the selector, \`ORDER BY name LIMIT 101\`/\`1001\` with the keyset bound; the summary's grouped count, as the store sends it) on the bare driver in a worker process. Memory: RSS of that process at the start of the scenario, peak = VmHWM over warm-up and runs (reset through /proc/PID/clear_refs)${env.target.kind === 'postgres' ? "; PostgreSQL's own processes are not counted" : '; on PGlite the database lives in the measured process'}

${table}
`;
}

export default async function listDevices(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options) return;
  if (DEFAULT_ORG !== DEFAULT_ORG_ID) throw new Error('queries.ts DEFAULT_ORG is not the service DEFAULT_ORG_ID');
  if (!existsSync(serviceBin())) throw new Error(`${serviceBin()} is missing: run \`npm run build\` first`);
  if (!canMeasureMemory()) log('warning: /proc/PID/clear_refs is not writable here; memory peaks are not per scenario');

  const loadBefore = loadAverage();
  if (Number(loadBefore) > 1)
    log(`warning: load average ${loadBefore} before the run: other work on this machine will skew the numbers`);
  const cpuSteal = cpuStealMeter();
  const migrations = migrationTags(); // what migrate() is about to apply
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'flightctl-bench-list-devices-'));
  let env: Environment | undefined;
  try {
    env = options.db === 'postgres' ? await preparePostgres(options, workDir) : await preparePglite(options, workDir);
    log(
      `seeded ${env.stats.rows.toLocaleString('en-US')} devices in ${env.seedSeconds.toFixed(1)} s ` +
        `(avg ${env.stats.avgJsonBytes} B JSON, ${env.stats.avgRowBytes} B stored; ${fmtMb(env.stats.totalBytes)} MiB with indexes)`,
    );
    const { matches } = env;
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      const isPage = scenario.id === 'page';
      const warmup = isPage ? options.warmup.page : options.warmup.other;
      const iterations = isPage ? options.pageIterations : options.iterations;
      log(`${scenario.label}: raw SQL, ${warmup} + ${iterations} runs`);
      const raw = await runRawWorker({ db: env.target, scenario: scenario.id, warmup, iterations });
      log(`${scenario.label}: service, GET ${scenario.path}`);
      const ours = await measureService(env, scenario, warmup, iterations);
      results.push({ scenario, raw: raw.series, ours: ours.series, matches });
      verify(scenario, raw, ours.check, { matches });
    }
    const expected = Math.round(SELECTOR_FRACTION * env.stats.rows);
    log(`all answers match the raw SQL; selector matched ${matches} devices (expected ≈ ${expected})`);

    printTable(results);
    const section = markdownSection(options, env, results, matches, loadBefore, cpuSteal(), migrations);
    const outDir = path.join(BENCH_DIR, 'out');
    mkdirSync(outDir, { recursive: true });
    const outFile = path.join(
      outDir,
      `list-devices-${options.db}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`,
    );
    writeFileSync(outFile, section);
    log(`results written to ${path.relative(REPO_DIR, outFile)}`);
    if (options.record) {
      recordResults('list-devices', section);
      log('results added to bench/RESULTS.md');
    }
  } finally {
    await env?.cleanup();
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    else log(`kept ${workDir}`);
  }
}
