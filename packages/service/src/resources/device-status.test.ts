import { describe, expect, it } from 'vitest';
import { newDeviceStatus, type Condition, type Device, type DeviceStatus } from '@flightctl/api';
import { computeServiceStatus, humanizeDuration, type StatusInputs } from './device-status.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const online: StatusInputs = { now: NOW, lastSeen: new Date(NOW.getTime() - 1000), disconnectedTimeoutMs: 300_000 };
const silent: StatusInputs = { ...online, lastSeen: new Date(NOW.getTime() - 301_000) };

const condition = (type: string, status: Condition['status'], reason = '', message = ''): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-11-21T11:00:00Z',
});

function device(
  status: Partial<DeviceStatus> = {},
  meta: Partial<Device['metadata']> = {},
  spec: Device['spec'] = {},
): Device {
  return {
    apiVersion: 'flightctl.io/v1beta1',
    kind: 'Device',
    metadata: { name: 'd', annotations: { 'device-controller/renderedVersion': '3' }, ...meta },
    spec,
    status: {
      ...newDeviceStatus(),
      conditions: [condition('Updating', 'False', 'Updated')],
      resources: { cpu: 'Healthy', memory: 'Healthy', disk: 'Healthy' },
      config: { renderedVersion: '3' },
      ...status,
    },
  };
}

const app = (status: DeviceStatus['applications'][number]['status']) => ({
  name: 'web',
  ready: '1/1',
  restarts: 0,
  status,
  embedded: false,
  appType: 'compose' as const,
});

describe('humanizeDuration', () => {
  it('words durations as upstream does', () => {
    expect(humanizeDuration(300_000)).toBe('5 minutes');
    expect(humanizeDuration(60_000)).toBe('1 minute');
    expect(humanizeDuration(1000)).toBe('1 second');
    expect(humanizeDuration(7_200_000)).toBe('2 hours');
    expect(humanizeDuration(500)).toBe('0 seconds');
  });
});

describe('summary', () => {
  it('is Online with healthy resources, Degraded on warnings, Error on critical levels', () => {
    expect(computeServiceStatus(device(), online).summary).toEqual({
      status: 'Online',
      info: "Device's system resources are healthy.",
    });
    const warning = device({ resources: { cpu: 'Healthy', memory: 'Warning', disk: 'Warning' } });
    expect(computeServiceStatus(warning, online).summary).toEqual({
      status: 'Degraded',
      info: 'Memory utilization has reached a warning level., Disk utilization has reached a warning level.',
    });
    const critical = device({ resources: { cpu: 'Critical', memory: 'Warning', disk: 'Healthy' } });
    expect(computeServiceStatus(critical, online).summary).toEqual({
      status: 'Error',
      info: 'CPU utilization has reached a critical level.',
    });
  });

  it('is Unknown when the device was never seen or not for longer than the timeout', () => {
    const info = 'Device is disconnected (last seen more than 5 minutes ago).';
    expect(computeServiceStatus(device(), silent).summary).toEqual({ status: 'Unknown', info });
    expect(computeServiceStatus(device(), { ...online, lastSeen: undefined }).summary).toEqual({
      status: 'Unknown',
      info,
    });
  });

  it('is Rebooting while the agent says so', () => {
    const rebooting = device({ conditions: [condition('Updating', 'True', 'Rebooting')] });
    expect(computeServiceStatus(rebooting, online).summary).toEqual({
      status: 'Rebooting',
      info: 'Device is rebooting.',
    });
  });

  it('puts AwaitingReconnect, then ConflictPaused, before everything else', () => {
    const both = device(
      {},
      { annotations: { 'device-controller/awaitingReconnect': 'true', 'device-controller/conflictPaused': 'true' } },
    );
    expect(computeServiceStatus(both, silent).summary.status).toBe('AwaitingReconnect');
    const paused = device({}, { annotations: { 'device-controller/conflictPaused': 'true' } });
    expect(computeServiceStatus(paused, silent).summary.status).toBe('ConflictPaused');
  });
});

describe('updated', () => {
  it('is UpToDate when the agent runs the rendered version, OutOfDate otherwise', () => {
    expect(computeServiceStatus(device(), online).updated).toEqual({
      status: 'UpToDate',
      info: 'Device was updated to the latest device spec.',
    });
    expect(computeServiceStatus(device({ config: { renderedVersion: '2' } }), online).updated).toEqual({
      status: 'OutOfDate',
      info: 'Device has not been updated to the latest device spec.',
    });
    const failed = device({
      config: { renderedVersion: '2' },
      conditions: [condition('Updating', 'False', 'Error', 'image pull failed')],
    });
    expect(computeServiceStatus(failed, online).updated.info).toBe(
      'Device has not been updated to the latest device spec: image pull failed',
    );
    const invalid = device({ conditions: [condition('SpecValid', 'False', 'Invalid')] });
    expect(computeServiceStatus(invalid, online).updated.status).toBe('OutOfDate');
  });

  it('is Updating while the agent applies a spec', () => {
    const applying = device({ conditions: [condition('Updating', 'True', 'ApplyingUpdate', 'Applying 4')] });
    expect(computeServiceStatus(applying, online).updated).toEqual({ status: 'Updating', info: 'Applying 4' });
    const silentUpdate = device({ conditions: [condition('Updating', 'True', 'Preparing')] });
    expect(computeServiceStatus(silentUpdate, online).updated.info).toBe(
      'Device is updating to the latest device spec.',
    );
  });

  it('is Unknown for a device that was seen but is disconnected', () => {
    expect(computeServiceStatus(device(), silent).updated.status).toBe('Unknown');
    expect(computeServiceStatus(device(), { ...online, lastSeen: undefined }).updated.status).toBe('UpToDate');
  });

  it('compares a fleet device with its fleet, and leaves it when the fleet is unknown', () => {
    const owned = (annotations: Record<string, string>) =>
      device(
        { updated: { status: 'Updating' } },
        {
          owner: 'Fleet/f',
          annotations: { 'device-controller/renderedVersion': '3', ...annotations },
        },
      );
    const current = owned({ 'fleet-controller/renderedTemplateVersion': 'tv-2' });
    expect(computeServiceStatus(current, { ...online, fleet: { templateVersion: 'tv-2' } }).updated).toEqual({
      status: 'UpToDate',
      info: "Device was updated to the fleet's latest device spec.",
    });
    expect(computeServiceStatus(current, { ...online, fleet: { templateVersion: 'tv-3' } }).updated).toEqual({
      status: 'OutOfDate',
      info: "Device has not yet been scheduled for update to the fleet's latest spec.",
    });
    const rolloutError = owned({ 'fleet-controller/lastRolloutError': 'missing label' });
    expect(computeServiceStatus(rolloutError, { ...online, fleet: { templateVersion: 'tv-3' } }).updated.info).toBe(
      "Device could not be updated to the fleet's latest device spec: missing label",
    );
    expect(computeServiceStatus(current, online).updated).toEqual({ status: 'Updating' });
  });

  it('is OutOfDate when the device does not run the OS image of its spec', () => {
    const mismatch = device(
      { os: { image: 'os:1', imageDigest: 'sha256:1' }, capabilities: { osMode: 'image' } },
      {},
      { os: { image: 'os:2' } },
    );
    expect(computeServiceStatus(mismatch, online).updated).toEqual({
      status: 'OutOfDate',
      info: 'Device OS image mismatch: running "os:1", expected "os:2".',
    });
    const unreported = device({ os: { image: 'os:1', imageDigest: 'sha256:1' } }, {}, { os: { image: 'os:2' } });
    expect(computeServiceStatus(unreported, online).updated.status).toBe('UpToDate');
  });
});

describe('applicationsSummary', () => {
  it('is NoApplications without applications, the agent’s value otherwise', () => {
    expect(computeServiceStatus(device(), online).applicationsSummary).toEqual({
      status: 'NoApplications',
      info: 'Device has not reported any application workloads yet.',
    });
    const healthy = device({ applications: [app('Running')], applicationsSummary: { status: 'Healthy' } });
    expect(computeServiceStatus(healthy, online).applicationsSummary).toEqual({
      status: 'Healthy',
      info: "Device's application workloads are healthy.",
    });
    const failing = device({
      applications: [app('Error')],
      applicationsSummary: { status: 'Error', info: 'web failed' },
    });
    expect(computeServiceStatus(failing, online).applicationsSummary).toEqual({ status: 'Error', info: 'web failed' });
  });

  it('is Degraded while rebooting with applications, Unknown when disconnected', () => {
    const rebooting = device({
      conditions: [condition('Updating', 'True', 'Rebooting')],
      applications: [app('Running')],
      applicationsSummary: { status: 'Healthy' },
    });
    expect(computeServiceStatus(rebooting, online).applicationsSummary.status).toBe('Degraded');
    expect(computeServiceStatus(device(), silent).applicationsSummary.status).toBe('Unknown');
  });
});

describe('lifecycle', () => {
  it('follows the DeviceDecommissioning condition, and is kept without one', () => {
    const decom = (reason: string) => device({ conditions: [condition('DeviceDecommissioning', 'True', reason)] });
    expect(computeServiceStatus(decom('Started'), online).lifecycle).toEqual({
      status: 'Decommissioning',
      info: 'Device has acknowledged decommissioning request',
    });
    expect(computeServiceStatus(decom('Completed'), online).lifecycle.status).toBe('Decommissioned');
    expect(computeServiceStatus(decom('Error'), online).lifecycle).toEqual({
      status: 'Decommissioned',
      info: 'Device has errored while decommissioning',
    });
    const enrolled = device({ lifecycle: { status: 'Enrolled' } });
    expect(computeServiceStatus(enrolled, online).lifecycle).toEqual({ status: 'Enrolled' });
  });
});

describe('computeServiceStatus', () => {
  it('keeps what the agent reported and leaves the device untouched', () => {
    const d = device({
      systemInfo: { architecture: 'arm64', bootID: 'b', operatingSystem: 'linux', agentVersion: 'v1' },
    });
    const before = structuredClone(d);
    const status = computeServiceStatus(d, online);
    expect(status.systemInfo).toEqual(d.status!.systemInfo);
    expect(status.resources).toEqual(d.status!.resources);
    expect(d).toEqual(before);
  });
});
