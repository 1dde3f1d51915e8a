import { describe, expect, it } from 'vitest';
import { newDeviceStatus, type DeviceStatus } from '@flightctl/api';
import { statusChangeEvents } from './device-status-events.js';

const status = (overrides: Partial<DeviceStatus> = {}): DeviceStatus => ({ ...newDeviceStatus(), ...overrides });
const reasons = (before: DeviceStatus | undefined, after: DeviceStatus) =>
  statusChangeEvents(before, after).map((e) => e.reason);

describe('statusChangeEvents', () => {
  it('emits nothing for a new device or an unchanged status', () => {
    expect(reasons(undefined, status({ summary: { status: 'Online' } }))).toEqual([]);
    expect(reasons(status(), status())).toEqual([]);
  });

  it('reports connectivity: connected, rebooting, conflict paused, and one DeviceDisconnected per write', () => {
    expect(statusChangeEvents(status(), status({ summary: { status: 'Online', info: 'healthy' } }))).toEqual([
      { reason: 'DeviceConnected', message: 'healthy' },
    ]);
    expect(reasons(status({ summary: { status: 'Online' } }), status({ summary: { status: 'Rebooting' } }))).toEqual([
      'DeviceIsRebooting',
    ]);
    expect(reasons(status(), status({ summary: { status: 'ConflictPaused' } }))).toEqual(['DeviceConflictPaused']);
    const up = status({
      summary: { status: 'Online' },
      updated: { status: 'UpToDate' },
      applicationsSummary: { status: 'Healthy' },
    });
    expect(reasons(up, status({ summary: { status: 'Unknown', info: 'gone' } }))).toEqual(['DeviceDisconnected']);
    expect(reasons(status({ summary: { status: 'Online' } }), status({ summary: { status: 'Degraded' } }))).toEqual([]);
  });

  it('reports content updates, failed ones as DeviceUpdateFailed, and no UpToDate coming from Unknown', () => {
    const from = (s: DeviceStatus['updated']['status']) => status({ updated: { status: s } });
    expect(reasons(from('UpToDate'), from('Updating'))).toEqual(['DeviceContentUpdating']);
    expect(reasons(from('UpToDate'), from('OutOfDate'))).toEqual(['DeviceContentOutOfDate']);
    expect(reasons(from('Updating'), from('UpToDate'))).toEqual(['DeviceContentUpToDate']);
    expect(reasons(from('Unknown'), from('UpToDate'))).toEqual([]);
    const failed = status({
      updated: { status: 'OutOfDate' },
      conditions: [
        {
          type: 'Updating',
          status: 'False',
          reason: 'Error',
          message: 'boom',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    });
    expect(reasons(from('Updating'), failed)).toEqual(['DeviceUpdateFailed']);
  });

  it('reports applications, NoApplications counting as healthy', () => {
    const apps = (s: DeviceStatus['applicationsSummary']['status']) => status({ applicationsSummary: { status: s } });
    expect(reasons(apps('Healthy'), apps('Error'))).toEqual(['DeviceApplicationError']);
    expect(reasons(apps('Healthy'), apps('Degraded'))).toEqual(['DeviceApplicationDegraded']);
    expect(reasons(apps('Error'), apps('NoApplications'))).toEqual(['DeviceApplicationHealthy']);
  });

  it('reports resource levels, except the first Healthy report', () => {
    const res = (cpu: DeviceStatus['resources']['cpu'], disk: DeviceStatus['resources']['disk'] = 'Healthy') =>
      status({ resources: { cpu, memory: 'Healthy', disk } });
    expect(reasons(res('Unknown', 'Unknown'), res('Healthy', 'Healthy'))).toEqual([]);
    expect(statusChangeEvents(res('Healthy'), res('Critical', 'Warning'))).toEqual([
      { reason: 'DeviceCPUCritical', message: 'CPU utilization has reached a critical level.' },
      { reason: 'DeviceDiskWarning', message: 'Disk utilization has reached a warning level.' },
    ]);
    expect(reasons(res('Critical'), res('Healthy'))).toEqual(['DeviceCPUNormal']);
  });

  it('reports a new OS image digest', () => {
    const os = (imageDigest: string) => status({ os: { image: 'os', imageDigest } });
    expect(statusChangeEvents(os(''), os('sha256:1'))).toEqual([
      { reason: 'DeviceOSImageChanged', message: 'Initial OS image detected: sha256:1' },
    ]);
    expect(statusChangeEvents(os('sha256:1'), os('sha256:2'))).toEqual([
      { reason: 'DeviceOSImageChanged', message: 'OS image changed from sha256:1 to sha256:2' },
    ]);
    expect(reasons(os('sha256:1'), os(''))).toEqual([]);
  });
});
