import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Condition, Device, DeviceSpec, OsModeType } from '@flightctl/api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootDir } from '../os/root-dir.js';
import { DeviceWatcher } from '../spec/device-watcher.js';
import { renderedVersion, versionedDevice } from '../spec/rendered-device.js';
import { SpecFiles } from '../spec/spec-files.js';
import { SpecManager } from '../spec/spec-manager.js';
import { UpdatePolicy } from '../spec/update-policy.js';
import { StatusManager } from '../status/status-manager.js';
import { Reconciler } from './reconciler.js';
import { unsupportedFeatureControllers } from './unsupported-feature.js';

const DATA = '/var/lib/flightctl';
const log = pino({ level: 'silent' });
let dir: string;
let clock: { now: number };
let watcher: DeviceWatcher;
let spec: SpecManager;
/** Every status the agent sent, in order. */
let pushed: Device[];

const updating = (device: Device) => device.status!.conditions.find((c) => c.type === 'Updating')!;
const reasons = () => pushed.map((d) => updating(d).reason);
const lastUpdating = (): Condition => updating(pushed.at(-1)!);
const onDisk = (type: string) =>
  renderedVersion(JSON.parse(readFileSync(join(dir, DATA, `${type}.json`), 'utf8')) as Device);

function publish(version: string, deviceSpec: DeviceSpec = {}): void {
  const device = versionedDevice(version);
  device.spec = deviceSpec;
  device.metadata.annotations!['device-controller/renderedSpecHash'] = `hash-${version}`;
  watcher.push(device);
}

async function reconciler(osMode: OsModeType = 'package'): Promise<Reconciler> {
  spec = new SpecManager({
    files: new SpecFiles(new RootDir(dir), DATA),
    watcher,
    policy: new UpdatePolicy(() => clock.now),
    log,
    now: () => clock.now,
    random: () => 0.5,
  });
  await spec.ensure();
  const status = new StatusManager('dev', log, () => new Date(clock.now));
  status.registerExporter((s) => {
    s.config.renderedVersion = spec.version('current');
  });
  status.setSink({ updateDeviceStatus: async (_name, device) => void pushed.push(device) });
  return new Reconciler({ spec, status, controllers: unsupportedFeatureControllers(), osMode, log });
}

/** Reconciles on every simulated second for `seconds`. */
async function tick(r: Reconciler, seconds = 1): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await r.reconcile(new AbortController().signal);
    clock.now += 1000;
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-reconcile-'));
  clock = { now: Date.parse('2026-11-21T01:00:00Z') };
  watcher = new DeviceWatcher();
  pushed = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reconciliation of one version', () => {
  it('applies a spec it can, reporting each phase, then Updated with the new rendered version', async () => {
    const r = await reconciler();
    await tick(r);
    publish('1', { systemd: { matchPatterns: ['sshd.service'] } });
    await tick(r);
    expect(reasons()).toEqual(['Preparing', 'ReadyToUpdate', 'ApplyingUpdate', 'Updated']);
    expect(pushed.map((d) => updating(d).message)).toEqual([
      'Device is preparing an update to renderedVersion: 1',
      'Device is ready to apply update to renderedVersion: 1',
      'Device is applying renderedVersion: 1',
      'Updated to desired renderedVersion: 1',
    ]);
    expect(pushed.at(-1)!.status!.config.renderedVersion).toBe('1');
    expect([onDisk('current'), onDisk('desired')]).toEqual(['1', '1']);
  });

  it('refuses a spec with applications, rolls back and never retries that version', async () => {
    const r = await reconciler();
    await tick(r);
    publish('2', { applications: [{ name: 'web', appType: 'compose', image: 'quay.io/x/web:1' }] });
    await tick(r);
    expect(reasons()).toEqual(['Preparing', 'RollingBack', 'Error']);
    expect(lastUpdating()).toMatchObject({
      status: 'False',
      message:
        'Failed to update to renderedVersion: 2: applications: applications (spec.applications) are not supported by this agent yet',
    });
    expect([onDisk('current'), onDisk('desired')]).toEqual(['0', '0']);
    publish('2', { applications: [] });
    await tick(r, 600);
    expect(onDisk('desired')).toBe('0');
  });

  it('refuses an OS image in package mode before preparing anything', async () => {
    const r = await reconciler('package');
    await tick(r);
    publish('3', { os: { image: 'quay.io/x/os:2' } });
    await tick(r);
    expect(reasons()).toEqual(['RollingBack', 'Error']);
    expect(lastUpdating().message).toBe(
      'Failed to update to renderedVersion: 3: os: the device runs in package mode, where the OS image is not managed',
    );
  });

  it('waits for the update schedule: retrying while closed, applied once it opens', async () => {
    const r = await reconciler();
    await tick(r);
    // Every day at 02:00 UTC, 10 minutes of grace; the clock says 01:00.
    publish('4', { updatePolicy: { updateSchedule: { at: '0 2 * * *', timeZone: 'UTC', startGraceDuration: '10m' } } });
    await tick(r);
    expect(lastUpdating()).toMatchObject({
      status: 'True',
      reason: 'ApplyingUpdate',
      message:
        'Failed to update to renderedVersion: 4: retrying: update policy: the update schedule does not allow this update yet',
    });
    expect(onDisk('desired')).toBe('0');

    clock.now = Date.parse('2026-11-21T02:01:00Z');
    await tick(r, 400);
    expect(lastUpdating()).toMatchObject({ status: 'False', reason: 'Updated' });
    expect(onDisk('current')).toBe('4');
  });
});
