/**
 * The device actions end to end: `decommission`, `resume` (single, by selector, --all) and
 * `app start|stop|restart` with and without the confirmation prompt.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  DEVICE_ANNOTATION_APPLICATION_LIFECYCLE,
  DEVICE_ANNOTATION_CONFLICT_PAUSED,
  FLEET_ANNOTATION_APPLICATION_LIFECYCLE,
} from '@flightctl/api';
import { ORG, resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

async function createDevice(name: string, labels?: Record<string, string>) {
  expect((await fx.api('PUT', `/devices/${name}`, resource('Device', name, undefined, labels))).status).toBe(201);
}

/** Pauses a device as the service does on a rendering conflict (no API sets this annotation). */
async function pause(name: string) {
  await fx.svc.service.store.devices.update(ORG, name, (device) => {
    device.metadata.annotations = { ...device.metadata.annotations, [DEVICE_ANNOTATION_CONFLICT_PAUSED]: 'true' };
    return device;
  });
}

const isPaused = async (name: string) =>
  (await fx.api('GET', `/devices/${name}`)).body.metadata.annotations?.[DEVICE_ANNOTATION_CONFLICT_PAUSED] === 'true';

/** An example file's resource under another name. */
function example(file: string, name: string) {
  const obj = parse(readFileSync(`examples/${file}`, 'utf8'));
  return { ...obj, metadata: { ...obj.metadata, name } };
}

describe('decommission', () => {
  it('requests decommissioning with the chosen target, once', async () => {
    await Promise.all([createDevice('dc-1'), createDevice('dc-2')]);
    const [unenroll, reset, badTarget, fleet] = await Promise.all([
      fx.cli(['decommission', 'device/dc-1']),
      fx.cli(['decommission', 'device', 'dc-2', '-t', 'FactoryReset']),
      fx.cli(['decommission', 'device/dc-2', '--target', 'shred']),
      fx.cli(['decommission', 'fleet/f1']),
    ]);
    expect(unenroll).toEqual({ code: 0, stdout: 'Device scheduled for decommissioning: 200 OK: dc-1\n', stderr: '' });
    expect(reset).toMatchObject({ code: 0, stdout: 'Device scheduled for decommissioning: 200 OK: dc-2\n' });
    expect(badTarget).toMatchObject({
      code: 1,
      stderr: 'decommission target must be one of: (unenroll, factoryreset)\n',
    });
    expect(fleet).toMatchObject({ code: 1, stderr: 'kind must be device, not fleet\n' });
    expect((await fx.api('GET', '/devices/dc-1')).body.spec.decommissioning).toEqual({ target: 'Unenroll' });
    expect((await fx.api('GET', '/devices/dc-2')).body.spec.decommissioning).toEqual({ target: 'FactoryReset' });

    const again = await fx.cli(['decommission', 'device/dc-1']);
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'Error: device already has decommissioning requested\n' });
  });
});

describe('resume', () => {
  it('resumes one device, devices by selector, and all devices', async () => {
    await Promise.all([
      createDevice('rs-1', { group: 'a' }),
      createDevice('rs-2', { group: 'b' }),
      createDevice('rs-3', { group: 'b' }),
      createDevice('rs-4', { group: 'c' }),
    ]);
    for (const name of ['rs-1', 'rs-2', 'rs-3']) await pause(name);

    const [single, bySelector] = await Promise.all([
      fx.cli(['resume', 'device/rs-1']),
      fx.cli(['resume', 'devices', '-l', 'group=b']),
    ]);
    expect(single).toEqual({ code: 0, stdout: 'Resume request for device "rs-1" completed\n', stderr: '' });
    expect(bySelector).toMatchObject({ code: 0, stdout: 'Resume operation completed:\n  Devices resumed: 2\n' });
    for (const name of ['rs-1', 'rs-2', 'rs-3']) expect(await isPaused(name)).toBe(false);

    await pause('rs-4');
    const [all, notPaused, none] = await Promise.all([
      fx.cli(['resume', 'devices', '--all']),
      fx.cli(['resume', 'device', 'rs-1']),
      fx.cli(['resume', 'devices', '--field-selector', 'metadata.name=rs-2']),
    ]);
    expect(all).toMatchObject({ code: 0, stdout: 'Resume operation completed:\n  Devices resumed: 1\n' });
    expect(await isPaused('rs-4')).toBe(false);
    expect(notPaused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'failed resuming device rs-1: it does not exist or is not paused\n',
    });
    expect(none.stdout).toBe(
      'Resume operation completed:\n  Devices resumed: 0\nNo devices matched the selector or were in conflictPaused state\n',
    );
  });

  it('needs exactly one way of choosing devices', async () => {
    const cases: [string[], string][] = [
      [['devices'], 'at least one selector or --all flag is required when resuming multiple devices'],
      [['devices', '--all', '-l', 'a=b'], '--all flag cannot be used with selectors'],
      [['device/rs-1', '--all'], '--all flag cannot be used when resuming a specific device'],
      [['device/rs-1', '-l', 'a=b'], 'label selector cannot be used when resuming a specific device'],
      [['fleets', '--all'], 'kind must be device, not fleet'],
    ];
    const results = await Promise.all(cases.map(([args]) => fx.cli(['resume', ...args])));
    results.forEach((result, i) => {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toContain(cases[i]![1]);
    });
  });
});

describe('app', () => {
  it('starts, stops and restarts applications, asking first unless --yes', async () => {
    expect((await fx.api('PUT', '/devices/app-dev', example('device.yaml', 'app-dev'))).status).toBe(201);
    expect((await fx.api('PUT', '/fleets/app-fleet', example('fleet.yaml', 'app-fleet'))).status).toBe(201);
    const app = 'example-compose';

    const [stop, fleetStart] = await Promise.all([
      fx.cli(['app', 'stop', 'device/app-dev', '--name', app, '--yes']),
      fx.cli(['app', 'start', 'fleet/app-fleet', '--name', app, '-y']),
    ]);
    expect(stop).toEqual({
      code: 0,
      stdout: `Requested stop of application "${app}" on device "app-dev"\n`,
      stderr: '',
    });
    expect(fleetStart).toMatchObject({
      code: 0,
      stdout: `Requested start of application "${app}" on every device in fleet "app-fleet"\n`,
    });

    const prompt = `Restart application "${app}" on device "app-dev"? (y/N): \n`;
    const restart = ['app', 'restart', 'device', 'app-dev', '--name', app];
    const [yes, no, silent] = await Promise.all([
      fx.cli(restart, { stdin: 'y\n' }),
      fx.cli(restart, { stdin: 'n\n' }),
      fx.cli(restart, { stdin: '' }),
    ]);
    expect(yes).toEqual({
      code: 0,
      stdout: `Requested restart of application "${app}" on device "app-dev"\n`,
      stderr: prompt,
    });
    expect(no).toEqual({ code: 1, stdout: '', stderr: `${prompt}cancelled\n` });
    expect(silent).toEqual({
      code: 1,
      stdout: '',
      stderr: `${prompt}no answer to the confirmation prompt on stdin; use --yes to skip the prompt\n`,
    });

    const device = (await fx.api('GET', '/devices/app-dev')).body;
    const lifecycle = JSON.parse(device.metadata.annotations[DEVICE_ANNOTATION_APPLICATION_LIFECYCLE]);
    // One restart went through: the refused ones sent nothing.
    expect(lifecycle[app]).toMatchObject({ desiredState: 'stopped', restartGeneration: 1 });
    const fleet = (await fx.api('GET', '/fleets/app-fleet')).body;
    expect(JSON.parse(fleet.metadata.annotations[FLEET_ANNOTATION_APPLICATION_LIFECYCLE])[app]).toMatchObject({
      desiredState: 'running',
    });
  });

  it('reports unknown applications, unsupported targets and a missing --name', async () => {
    const [unknownApp, fleetRestart, noName] = await Promise.all([
      fx.cli(['app', 'stop', 'device/app-dev', '--name', 'nope', '-y']),
      fx.cli(['app', 'restart', 'fleet/app-fleet', '--name', 'example-compose', '-y']),
      fx.cli(['app', 'start', 'device/app-dev']),
    ]);
    expect(unknownApp).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: stopping application "nope" on device "app-dev": Application of name "nope" not found\n',
    });
    expect(fleetRestart).toMatchObject({ code: 1, stderr: 'kind must be device, not fleet\n' });
    expect(noName).toMatchObject({ code: 1, stderr: "error: required option '--name <app>' not specified\n" });
  });
});
