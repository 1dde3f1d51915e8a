/**
 * What the benchmark times: the command (`flightctl get devices`, every page, as a table)
 * and its -o name / -o json variants, against three baselines in the same run: bare Node startup,
 * CLI startup without a request, and a bare Node process fetching every page (the curl-equivalent:
 * the HTTP part alone, nothing parsed beyond the continue token). Each run's output is checked, so
 * a fast wrong answer cannot pass.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessRun } from './run-process.js';

export interface MeasuredCommand {
  id: string;
  label: string;
  argv: string[];
  check(run: ProcessRun): void;
  /** What the CLI's numbers are compared with, rather than a CLI command. */
  baseline?: boolean;
  /** From the issue, for its data size only. */
  targetMs?: number;
}

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_BIN = path.join(REPO_DIR, 'packages/cli/dist/bin/flightctl.js');

/** Follows metadata.continue over /api/v1/devices and prints how many devices came back. */
const FETCH_ALL = `
const base = process.argv[1] + '/api/v1/devices';
let token, devices = 0;
do {
  const res = await fetch(token ? base + '?continue=' + encodeURIComponent(token) : base);
  if (res.status !== 200) throw new Error('GET ' + base + ': ' + res.status);
  const body = await res.text();
  token = /"continue":"([^"]+)"/.exec(body.slice(0, 1024))?.[1];
  devices += body.split('"kind":"Device"').length - 1;
} while (token);
console.log(devices);
`;

/** The issue: "`flightctl get devices` with 10,000 devices answers in under 1 s (paging included)". */
const TARGET = { devices: 10_000, ms: 1000 };

function expect(ok: boolean, what: string, run: ProcessRun): void {
  if (!ok) throw new Error(`${what}; got ${run.lines} lines, ${run.bytes} bytes, first line "${run.head}"`);
}

export function measuredCommands(serviceUrl: string, configDir: string, devices: number): MeasuredCommand[] {
  const node = process.execPath;
  const cli = (...args: string[]) => [node, CLI_BIN, '--config-dir', configDir, ...args];
  return [
    {
      id: 'node',
      label: "baseline: node -e ''",
      baseline: true,
      argv: [node, '-e', ''],
      check: (r) => expect(r.bytes === 0, 'prints nothing', r),
    },
    {
      id: 'cli-help',
      label: 'baseline: flightctl get --help (CLI startup, no request)',
      baseline: true,
      argv: cli('get', '--help'),
      check: (r) => expect(r.head.startsWith('Usage:'), 'prints the usage', r),
    },
    {
      id: 'fetch',
      label: 'baseline: bare node fetch of every page',
      baseline: true,
      argv: [node, '--input-type=module', '-e', FETCH_ALL, serviceUrl],
      check: (r) => expect(r.head === String(devices), `counts ${devices} devices`, r),
    },
    {
      id: 'table',
      label: 'flightctl get devices',
      argv: cli('get', 'devices'),
      check: (r) => expect(r.lines === devices + 1 && r.head.startsWith('NAME '), `a header and ${devices} rows`, r),
      targetMs: devices === TARGET.devices ? TARGET.ms : undefined,
    },
    {
      id: 'name',
      label: 'flightctl get devices -o name',
      argv: cli('get', 'devices', '-o', 'name'),
      check: (r) => expect(r.lines === devices, `${devices} names`, r),
    },
    {
      id: 'json',
      label: 'flightctl get devices -o json',
      argv: cli('get', 'devices', '-o', 'json'),
      check: (r) => expect(r.head === '{' && r.bytes > devices * 1000, 'one JSON list of every device', r),
    },
  ];
}
