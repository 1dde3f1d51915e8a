/**
 * `npm run bench -- cli-get-devices`: the built `flightctl get devices` against the built service
 * holding N devices (default 10,000), on PostgreSQL and on PGlite, timed from process start to
 * exit, with baselines measured in the same run. See USAGE.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Series, summarize } from '../common/measure.js';
import { oneOf, positiveIntegers, postgresUrl } from '../common/options.js';
import { recordResults } from '../record-results.js';
import { cpuStealMeter, gitCommit, loadAverage } from '../common/run-context.js';
import { serviceBin, startServiceProcess } from '../common/service-process.js';
import { CLI_BIN, type MeasuredCommand, measuredCommands } from './commands.js';
import { type DbKind, seededDatabase } from './database.js';
import { canMeasurePeak, peakRssBytes, runTimed } from './run-process.js';

const USAGE = `usage: npm run build && npm run bench -- cli-get-devices [options]

Seeds N realistic devices (list-devices' generator) into a fresh database, starts the built service
on it, and runs the built CLI (node packages/cli/dist/bin/flightctl.js) as a child process, as a
user would: "flightctl get devices" (a table of every device, read page by page) and its -o name
and -o json variants. Baselines in the same run: "node -e ''" (Node startup), "flightctl get
--help" (CLI startup without a request), and a bare node fetch of every page (the HTTP part alone).
Commands run round-robin, so load changes during the run touch all of them alike; p50/p95 of the
wall time from spawn to exit; peak memory is the child's max RSS (GNU time) in one extra run.

options:
  --db postgres|pglite|both  where the service keeps its data (default both)
  --devices N                devices to seed (default 10000)
  --iterations N             measured runs of each command (default 20, after 2 warm-up runs)
  --smoke                    500 devices, 3 runs: proves the benchmark works (CI)
  --record                   add the results as a section of bench/RESULTS.md
  --pg-url URL               server to create the benchmark database on (default
                             $FLIGHTCTL_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --help`;

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MB = 1024 * 1024;
const log = (msg: string) => console.log(`[cli-get-devices] ${msg}`);

interface Options {
  dbs: DbKind[];
  devices: number;
  iterations: number;
  warmup: number;
  pgUrl: string;
  record: boolean;
  argv: string[];
}

function parseOptions(args: string[]): Options | undefined {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'both' },
      devices: { type: 'string' },
      iterations: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      'pg-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const dbs: Record<string, DbKind[]> = { both: ['postgres', 'pglite'], postgres: ['postgres'], pglite: ['pglite'] };
  const db = oneOf(USAGE, 'db', values.db, ['postgres', 'pglite', 'both'] as const);
  const int = positiveIntegers(USAGE);
  return {
    dbs: dbs[db],
    devices: int('devices', values.devices, values.smoke ? 500 : 10_000),
    iterations: int('iterations', values.iterations, values.smoke ? 3 : 20),
    warmup: values.smoke ? 1 : 2,
    pgUrl: postgresUrl(values['pg-url']),
    record: values.record,
    argv: args,
  };
}

interface Result {
  command: MeasuredCommand;
  series: Series;
  /** NaN when GNU time is not installed. */
  peakRss: number;
}

/** Warm-up, then `iterations` rounds of every command in turn; each run's output is checked. */
async function measure(commands: MeasuredCommand[], options: Options): Promise<Result[]> {
  const samples = new Map<string, number[]>(commands.map((c) => [c.id, []]));
  for (let round = -options.warmup; round < options.iterations; round++) {
    for (const command of commands) {
      const run = await runTimed(command.argv);
      command.check(run);
      if (round >= 0) samples.get(command.id)!.push(run.ms);
    }
  }
  const results: Result[] = [];
  for (const command of commands) {
    const peak = canMeasurePeak() ? await peakRssBytes(command.argv) : NaN;
    results.push({ command, series: summarize(samples.get(command.id)!, NaN, NaN), peakRss: peak });
  }
  return results;
}

async function runOnDatabase(kind: DbKind, options: Options): Promise<{ results: Result[]; version: string }> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'flightctl-bench-cli-get-'));
  try {
    log(`${kind}: seeding ${options.devices.toLocaleString('en-US')} devices`);
    const db = await seededDatabase(kind, options.devices, workDir, options.pgUrl);
    try {
      const service = await startServiceProcess({ dir: workDir, databaseUrl: db.url });
      try {
        const configDir = path.join(workDir, 'cli');
        mkdirSync(configDir, { mode: 0o700 });
        writeFileSync(path.join(configDir, 'client.yaml'), `service:\n  server: ${service.url}\n`, { mode: 0o600 });
        log(`${kind}: service at ${service.url}; ${options.warmup} + ${options.iterations} rounds`);
        const results = await measure(measuredCommands(service.url, configDir, options.devices), options);
        return { results, version: db.version };
      } finally {
        await service.stop();
      }
    } finally {
      await db.drop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtMb = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MB).toFixed(0) : 'n/a');

function verdict(r: Result): string {
  const target = r.command.targetMs;
  return target === undefined ? '' : `p95 < ${target} ms: ${r.series.p95 < target ? 'met' : 'MISSED'}`;
}

function printTable(kind: DbKind, results: Result[]): void {
  const rows = [
    ['command', 'p50 ms', 'p95 ms', 'peak RSS MiB', 'target'],
    ...results.map((r) => [r.command.label, fmtMs(r.series.p50), fmtMs(r.series.p95), fmtMb(r.peakRss), verdict(r)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\n${kind}:`);
  for (const row of rows)
    console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

function markdownSection(
  options: Options,
  runs: { kind: DbKind; version: string; results: Result[] }[],
  load: [before: string, after: string, cpuSteal: string],
): string {
  const rows = runs.flatMap(({ kind, results }) => {
    const db = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const fetch = results.find((r) => r.command.id === 'fetch')!.series;
    return results.flatMap((r) => {
      const vsFetch = r.command.baseline ? '' : `; bare fetch ${fmtMs(fetch.p50)} / ${fmtMs(fetch.p95)} ms`;
      return [
        `| ${db}: ${r.command.label}, p50 / p95 | ${fmtMs(r.series.p50)} / ${fmtMs(r.series.p95)} | ms | ${r.series.samplesMs.length} runs${vsFetch}${r.command.targetMs ? `; ${verdict(r)}` : ''} |`,
        `| ${db}: ${r.command.label}, peak RSS | ${fmtMb(r.peakRss)} | MiB | max RSS of the process (GNU time) |`,
      ];
    });
  });
  return `### ${new Date().toISOString().slice(0, 10)}, ${gitCommit()}

- Command: \`${['npm run bench -- cli-get-devices', ...options.argv].join(' ')}\`${options.argv.length ? '' : ' (defaults)'}
- Code: built CLI and service (\`npm run build\`): \`node packages/cli/dist/bin/flightctl.js\`, \`node packages/service/dist/bin/flightctl-api.js\` (default config, plain HTTP, log level info)
- Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}; ${runs.map((r) => r.version).join('; ')}; load average ${load[0]} before the run, ${load[1]} after; CPU steal ${load[2]} of the run
- Data: ${options.devices.toLocaleString('en-US')} devices from list-devices' generator (~3.3 KB of JSON each), ${count(Math.ceil(options.devices / 1000), 'page')} of up to 1,000
- Method: each command a child process with stdout piped and read to the end; ${count(options.warmup, 'warm-up round')} then ${count(options.iterations, 'round')}, the commands in turn in each round; wall time from spawn to exit; peak RSS in one extra run under \`/usr/bin/time -f %M\`

| metric | value | unit | notes |
| ------ | ----- | ---- | ----- |
${rows.join('\n')}
`;
}

export default async function cliGetDevices(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options) return;
  for (const built of [serviceBin(), CLI_BIN])
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const loadBefore = loadAverage();
  if (Number(loadBefore) > 1) log(`warning: load average ${loadBefore}: other work on this machine skews the numbers`);
  const cpuSteal = cpuStealMeter();

  const runs: { kind: DbKind; version: string; results: Result[] }[] = [];
  for (const kind of options.dbs) {
    const { results, version } = await runOnDatabase(kind, options);
    printTable(kind, results);
    runs.push({ kind, version, results });
  }
  const section = markdownSection(options, runs, [loadBefore, loadAverage(), cpuSteal()]);
  const outDir = path.join(REPO_DIR, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `cli-get-devices-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(outFile, section);
  log(`results written to ${path.relative(REPO_DIR, outFile)}`);
  if (options.record) {
    recordResults('cli-get-devices', section);
    log('results added to bench/RESULTS.md');
  }
}
