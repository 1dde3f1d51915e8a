import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { AUDIT_LOG_PATH, AuditLog } from './audit-log.js';
import { versionedDevice } from './rendered-device.js';

let dir: string;
let enabled: boolean;
const log = () =>
  new AuditLog({
    root: new RootDir(dir),
    deviceName: 'dev1',
    enabled: () => enabled,
    log: pino({ level: 'silent' }),
    now: () => new Date('2026-11-21T10:00:00.123Z'),
  });
const lines = (file = join(dir, AUDIT_LOG_PATH)) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-audit-'));
  enabled = true;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log', () => {
  it('writes one JSON line per spec write, with upstream field names', async () => {
    const device = versionedDevice('5');
    device.metadata.annotations!['fleet-controller/renderedTemplateVersion'] = 'tv-1';
    await log().record('desired', 'sync', '4', device, 'success');
    expect(lines()).toEqual([
      {
        ts: '2026-11-21T10:00:00Z',
        device: 'dev1',
        old_version: '4',
        new_version: '5',
        result: 'success',
        reason: 'sync',
        type: 'desired',
        fleet_template_version: 'tv-1',
        agent_version: AGENT_VERSION,
      },
    ]);
  });

  it('writes nothing while audit.enabled is false', async () => {
    enabled = false;
    await log().record('current', 'upgrade', '1', versionedDevice('2'), 'success');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rotates at 1 MB, keeping three compressed backups', async () => {
    const audit = log();
    const device = versionedDevice('1');
    device.metadata.annotations!['fleet-controller/renderedTemplateVersion'] = 'x'.repeat(100_000);
    for (let i = 0; i < 52; i++) await audit.record('desired', 'sync', String(i), device, 'success');
    const files = readdirSync(join(dir, '/var/log/flightctl')).sort();
    expect(files).toEqual(['audit.log', 'audit.log.1.gz', 'audit.log.2.gz', 'audit.log.3.gz']);
    const newestBackup = gunzipSync(readFileSync(join(dir, `${AUDIT_LOG_PATH}.1.gz`)))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(newestBackup).toHaveLength(10);
    expect(JSON.parse(newestBackup[0]!).old_version).toBe('40');
    expect(lines().map((l) => l.old_version)).toEqual(['50', '51']);
  });
});
