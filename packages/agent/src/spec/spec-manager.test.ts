import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '@flightctl/api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootDir } from '../os/root-dir.js';
import { AUDIT_LOG_PATH, AuditLog } from './audit-log.js';
import { DeviceWatcher } from './device-watcher.js';
import { renderedVersion, versionedDevice } from './rendered-device.js';
import { SpecFileMissingError, SpecFiles } from './spec-files.js';
import { SpecManager } from './spec-manager.js';
import { UpdatePolicy } from './update-policy.js';

const DATA = '/var/lib/flightctl';
let dir: string;
let watcher: DeviceWatcher;
let clock: { now: number };

/** A RootDir that counts what the agent does with the device's files. */
class CountingRootDir extends RootDir {
  readonly calls = { readFile: 0, exists: 0, writeFileAtomic: 0 };
  override readFile(p: string) {
    this.calls.readFile++;
    return super.readFile(p);
  }
  override exists(p: string) {
    this.calls.exists++;
    return super.exists(p);
  }
  override writeFileAtomic(p: string, data: string | Uint8Array, mode?: number) {
    this.calls.writeFileAtomic++;
    return super.writeFileAtomic(p, data, mode);
  }
}

function manager(root: RootDir = new RootDir(dir)): SpecManager {
  return new SpecManager({
    files: new SpecFiles(root, DATA),
    watcher,
    policy: new UpdatePolicy(() => clock.now),
    log: pino({ level: 'silent' }),
    audit: new AuditLog({
      root: new RootDir(dir),
      deviceName: 'dev1',
      enabled: () => true,
      log: pino({ level: 'silent' }),
    }),
    now: () => clock.now,
    random: () => 0.5,
  });
}

const onDisk = (type: string): Device => JSON.parse(readFileSync(join(dir, DATA, `${type}.json`), 'utf8')) as Device;

function rendered(version: string, spec: Device['spec'] = {}): Device {
  const device = versionedDevice(version);
  device.spec = spec;
  device.metadata.annotations!['device-controller/renderedSpecHash'] = `hash-${version}`;
  return device;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-spec-'));
  watcher = new DeviceWatcher();
  clock = { now: Date.UTC(2026, 10, 21, 12) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('spec files', () => {
  it('start at version 0 on a fresh device, written 0644', async () => {
    const spec = manager();
    expect(await spec.ensure()).toBe(false);
    for (const type of ['current', 'desired', 'rollback']) {
      expect(renderedVersion(onDisk(type))).toBe('0');
      expect(statSync(join(dir, DATA, `${type}.json`)).mode & 0o777).toBe(0o644);
    }
    // The desired spec is reconciled once at start, even though it is empty.
    expect(renderedVersion((await spec.getDesired())!)).toBe('0');
    expect(spec.isUpgrading()).toBe(false);
  });

  it('are all reset to version 0 when only some of them are missing', async () => {
    const first = manager();
    await first.ensure();
    watcher.push(rendered('4'));
    await first.getDesired();
    await first.upgrade();
    unlinkSync(join(dir, DATA, 'rollback.json'));

    const spec = manager();
    expect(await spec.ensure()).toBe(true);
    expect(['current', 'desired', 'rollback'].map((t) => renderedVersion(onDisk(t)))).toEqual(['0', '0', '0']);
  });

  it('take a published version as desired, and make it current on upgrade', async () => {
    const spec = manager();
    await spec.ensure();
    await spec.getDesired();
    watcher.push(rendered('2', { systemd: { matchPatterns: ['crio.service'] } }));
    const desired = await spec.getDesired();
    expect(renderedVersion(desired!)).toBe('2');
    expect(onDisk('desired')).toEqual(desired);
    expect(spec.isUpgrading()).toBe(true);

    await spec.upgrade();
    expect(onDisk('current')).toEqual(desired);
    expect(renderedVersion(onDisk('rollback'))).toBe('');
    expect(spec.isUpgrading()).toBe(false);
    expect(spec.version('current')).toBe('2');

    const audit = readFileSync(join(dir, AUDIT_LOG_PATH), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>)
      .map((e) => `${e.type} ${e.reason} ${e.old_version}->${e.new_version}`);
    expect(audit).toEqual([
      'current bootstrap ->0',
      'desired bootstrap ->0',
      'rollback bootstrap ->0',
      'desired sync 0->2',
      'current upgrade 0->2',
      'rollback initialization 0->',
    ]);
  });

  it('roll back to current and never retry a version marked failed', async () => {
    const spec = manager();
    await spec.ensure();
    await spec.getDesired();
    watcher.push(rendered('3'));
    await spec.getDesired();
    await spec.rollback({ setFailed: true });
    expect(renderedVersion(onDisk('desired'))).toBe('0');
    expect(spec.isUpgrading()).toBe(false);

    watcher.push(rendered('3'));
    clock.now += 10 * 60_000;
    for (let i = 0; i < 3; i++) {
      const next = await spec.getDesired();
      if (next) expect(renderedVersion(next)).toBe('0');
    }
    expect(renderedVersion(onDisk('desired'))).toBe('0');
  });

  it('resume a version set aside by a retryable failure once its delay has passed', async () => {
    const spec = manager();
    await spec.ensure();
    await spec.getDesired();
    watcher.push(rendered('5'));
    await spec.getDesired();
    await spec.rollback();
    expect(renderedVersion(onDisk('desired'))).toBe('0');

    let resumed: Device | undefined;
    for (let i = 0; i < 200 && !resumed; i++) {
      clock.now += 5000;
      const next = await spec.getDesired();
      if (next && renderedVersion(next) === '5') resumed = next;
    }
    expect(resumed).toBeDefined();
    expect(renderedVersion(onDisk('desired'))).toBe('5');
  });

  it('report a spec file that vanished at runtime', async () => {
    const spec = manager();
    await spec.ensure();
    unlinkSync(join(dir, DATA, 'desired.json'));
    await expect(spec.getDesired()).rejects.toBeInstanceOf(SpecFileMissingError);
  });

  it('are read once at start: a steady device syncs every second without reading or writing any', async () => {
    const root = new CountingRootDir(dir);
    const spec = manager(root);
    await spec.ensure();
    watcher.push(rendered('2'));
    await spec.getDesired();
    await spec.upgrade();
    const before = { ...root.calls };

    let handedOut = 0;
    for (let second = 0; second < 15 * 60; second++) {
      clock.now += 1000;
      const calls = root.calls.exists;
      // What the reconciler does every second: take the next version, compare it with the current one.
      const next = await spec.getDesired();
      if (next) {
        handedOut++;
        expect(renderedVersion(spec.get('current'))).toBe('2');
        await spec.upgrade();
      } else {
        expect(root.calls.exists, `second ${second}`).toBe(calls);
      }
    }
    // The steady state is re-applied now and then (drift correction); only then are the files checked.
    expect(handedOut).toBeGreaterThan(2);
    expect(root.calls).toEqual({ ...before, exists: before.exists + 3 * handedOut });
  });

  it('resume from the files after a restart', async () => {
    const first = manager();
    await first.ensure();
    await first.getDesired();
    watcher.push(rendered('2', { systemd: { matchPatterns: ['crio.service'] } }));
    await first.getDesired();
    await first.upgrade();
    watcher.push(rendered('3'));
    await first.getDesired();

    const root = new CountingRootDir(dir);
    const restarted = manager(root);
    expect(await restarted.ensure()).toBe(false);
    expect(root.calls.readFile).toBe(3);
    expect(restarted.get('current')).toEqual(onDisk('current'));
    expect(restarted.version('current')).toBe('2');
    expect(restarted.version('desired')).toBe('3');
    expect(restarted.isUpgrading()).toBe(true);
    // The interrupted upgrade to 3 is taken up again, from desired.json.
    expect(await restarted.getDesired()).toEqual(onDisk('desired'));
    await restarted.upgrade();
    expect(renderedVersion(onDisk('current'))).toBe('3');
  });

  it('hand out their content read-only, so that memory and files cannot drift apart', async () => {
    const spec = manager();
    await spec.ensure();
    expect(() => {
      spec.get('current').metadata.annotations!['device-controller/renderedVersion'] = '7';
    }).toThrow(TypeError);
    expect(spec.version('current')).toBe('0');
  });
});
