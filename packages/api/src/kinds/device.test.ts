import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  Device,
  DeviceLastSeen,
  DeviceList,
  DeviceResumeRequest,
  DeviceResumeResponse,
  validateDevice,
} from './device.js';
import { DeviceSpec } from './device-spec.js';
import { DeviceStatus, newDeviceStatus } from './device-status.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validDevice = ajv.compile(Device);

/** Where the schema rejected `value`: dotted paths, naming the unknown, missing or tag field when there is one. */
function schemaErrors(value: unknown): string[] {
  if (validDevice(value)) return [];
  return validDevice.errors.map((e: { instancePath: string; params: Record<string, string> }) =>
    [
      e.instancePath.slice(1).replace(/\//g, '.'),
      e.params.additionalProperty ?? e.params.missingProperty ?? e.params.tag,
    ]
      .filter(Boolean)
      .join('.'),
  );
}

const spec: DeviceSpec = {
  os: { image: 'quay.io/flightctl/rhel:9.5' },
  updatePolicy: {
    downloadSchedule: { at: '*/30 * * * *', startGraceDuration: '10m' },
    updateSchedule: { at: '0 2 * * 1-5', startGraceDuration: '2h', timeZone: 'Europe/Amsterdam' },
  },
  config: [
    { name: 'motd', inline: [{ path: '/etc/motd', content: 'Welcome to the edge\n', mode: 420 }] },
    {
      name: 'site-config',
      gitRef: { repository: 'flightctl-demos', targetRevision: 'main', path: '/demos/basic-nginx-demo/configuration' },
    },
    { name: 'banner', httpRef: { repository: 'config-server', suffix: '/banner', filePath: '/etc/issue.d/banner' } },
    { name: 'tls', secretRef: { name: 'edge-tls', namespace: 'edge', mountPath: '/etc/pki/edge' } },
  ],
  applications: [
    {
      appType: 'compose',
      name: 'web',
      envVars: { LOG_LEVEL: 'info' },
      inline: [{ path: 'docker-compose.yaml', content: 'services:\n  web:\n    image: quay.io/nginx/nginx:1.27\n' }],
    },
    {
      appType: 'container',
      name: 'api',
      image: 'quay.io/org/api:2.1',
      ports: ['8080:80'],
      resources: { limits: { cpu: '1.5', memory: '512m' } },
      volumes: [{ name: 'data', mount: { path: '/var/lib/api' } }],
    },
    { appType: 'quadlet', image: 'quay.io/org/sensor-quadlet:1.0', runAs: 'sensor' },
    { appType: 'helm', name: 'metrics', image: 'quay.io/charts/metrics:0.3.1', values: { replicas: 1 } },
  ],
  systemd: { matchPatterns: ['chronyd.service', 'podman-*.service', 'getty@tty1.service'] },
  resources: [
    {
      monitorType: 'CPU',
      samplingInterval: '30s',
      alertRules: [{ severity: 'Warning', duration: '10m', percentage: 80, description: 'CPU busy' }],
    },
    {
      monitorType: 'Disk',
      samplingInterval: '5m',
      path: '/var',
      alertRules: [{ severity: 'Critical', duration: '1h', percentage: 95, description: '' }],
    },
  ],
};

const device: Device = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Device',
  metadata: { name: 'f62dfb4f5d2cdbb9339362b5f18f2ce268d75649bdc80003f0e04292a7ef8c3', labels: { site: 'ams-1' } },
  spec,
  status: {
    ...newDeviceStatus(),
    systemInfo: {
      architecture: 'amd64',
      bootID: '037750f7-f293-4c5b-b06e-481eef4e883f',
      operatingSystem: 'linux',
      agentVersion: 'v0.9.0',
      hostname: 'edge-ams-1',
      customInfo: { rack: 'r12' },
    },
    applications: [
      { name: 'web', ready: '1/1', restarts: 0, status: 'Running', embedded: false, appType: 'compose' },
      {
        name: 'api',
        ready: '0/1',
        restarts: 3,
        status: 'Error',
        embedded: false,
        appType: 'container',
        volumes: [{ name: 'data', reference: 'quay.io/org/data:1' }],
      },
    ],
    systemd: [
      {
        unit: 'chronyd.service',
        description: 'NTP client/server',
        enableState: 'enabled',
        loadState: 'loaded',
        activeState: 'active',
        subState: 'running',
      },
    ],
    summary: { status: 'Online', info: "Device's system resources are healthy." },
    capabilities: { osMode: 'image' },
    lastSeen: '2025-06-01T12:00:00Z',
  },
};

describe('Device schema', () => {
  it('accepts a realistic device', () => {
    expect(schemaErrors(device)).toEqual([]);
    expect(validateDevice(device)).toEqual([]);
  });

  it('accepts the initial status of a server-created device', () => {
    const status = newDeviceStatus();
    expect(ajv.validate(DeviceStatus, status)).toBe(true);
    expect(status.conditions).toEqual([
      { type: 'Updating', status: 'Unknown', reason: '', message: '', lastTransitionTime: '0001-01-01T00:00:00Z' },
    ]);
    expect([status.summary, status.updated, status.applicationsSummary, status.lifecycle, status.integrity]).toEqual(
      Array(5).fill({ status: 'Unknown' }),
    );
    expect(status.resources).toEqual({ cpu: 'Unknown', memory: 'Unknown', disk: 'Unknown' });
    expect(status.applications).toEqual([]);
  });

  it('rejects unknown fields everywhere, naming them', () => {
    expect(schemaErrors({ ...device, extra: 1 })).toEqual(['extra']);
    expect(schemaErrors({ ...device, spec: { ...spec, bogus: true } })).toEqual(['spec.bogus']);
    const apps = [{ ...spec.applications![1], replicas: 2 }];
    expect(schemaErrors({ ...device, spec: { ...spec, applications: apps } })).toEqual([
      'spec.applications.0.replicas',
    ]);
    const status = { ...device.status, summary: { status: 'Online', reason: 'x' } };
    expect(schemaErrors({ ...device, status })).toEqual(['status.summary.reason']);
  });

  it('keeps systemInfo open to extra string keys only', () => {
    const systemInfo = { ...device.status!.systemInfo, cpuCores: 4 };
    expect(schemaErrors({ ...device, status: { ...device.status, systemInfo } })).toEqual([
      'status.systemInfo.cpuCores',
    ]);
  });

  it('rejects an unknown application type and fields of other types', () => {
    expect(schemaErrors({ ...device, spec: { applications: [{ appType: 'wasm', name: 'x' }] } })).toEqual([
      'spec.applications.0.appType',
    ]);
    const composeWithPorts = { appType: 'compose', name: 'x', image: 'quay.io/a/b:1', ports: ['80:80'] };
    expect(schemaErrors({ ...device, spec: { applications: [composeWithPorts] } })).toEqual([
      'spec.applications.0.ports',
    ]);
  });

  it('keeps path to Disk monitors', () => {
    const cpuWithPath = { ...spec.resources![0], path: '/var' };
    expect(schemaErrors({ ...device, spec: { resources: [cpuWithPath] } })).toEqual(['spec.resources.0.path']);
    const { path: _path, ...diskWithoutPath } = spec.resources![1] as { path: string };
    expect(schemaErrors({ ...device, spec: { resources: [diskWithoutPath] } })).toEqual(['spec.resources.0.path']);
  });

  it('rejects config providers with no source or two', () => {
    expect(schemaErrors({ ...device, spec: { config: [{ name: 'x' }] } })).not.toEqual([]);
    const both = { name: 'x', inline: [], gitRef: { repository: 'r', targetRevision: 'main', path: '/' } };
    expect(schemaErrors({ ...device, spec: { config: [both] } })).not.toEqual([]);
  });

  it('checks status enums and formats', () => {
    const bad = { ...device.status, updated: { status: 'Stale' }, lastSeen: 'yesterday' };
    expect(schemaErrors({ ...device, status: bad })).toEqual(['status.updated.status', 'status.lastSeen']);
  });

  it('marks server-owned fields read-only', () => {
    expect(Device.properties.status).toHaveProperty('readOnly', true);
    expect(DeviceSpec.properties.consoles).toHaveProperty('readOnly', true);
    expect(DeviceSpec.properties.decommissioning).toHaveProperty('readOnly', true);
    expect(DeviceStatus.properties.dependencySync).toHaveProperty('readOnly', true);
    expect(DeviceStatus.properties.lastSeen).toHaveProperty('writeOnly', true);
  });
});

describe('Device bodies and lists', () => {
  it('describes lists with a summary', () => {
    const list = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'DeviceList',
      metadata: { continue: 'abc', remainingItemCount: 10 },
      items: [device],
      summary: {
        total: 1,
        applicationStatus: { Error: 1 },
        summaryStatus: { Online: 1 },
        updateStatus: { UpToDate: 1 },
        capabilities: { osMode: { image: 1 } },
      },
    };
    expect(ajv.validate(DeviceList, list), JSON.stringify(ajv.errors)).toBe(true);
    expect(ajv.validate(DeviceList, { ...list, summary: { total: 1 } })).toBe(false);
  });

  it('wants at least one selector to resume devices', () => {
    expect(ajv.validate(DeviceResumeRequest, { labelSelector: 'site=ams-1' })).toBe(true);
    expect(ajv.validate(DeviceResumeRequest, { fieldSelector: 'metadata.name=a', labelSelector: 'x' })).toBe(true);
    expect(ajv.validate(DeviceResumeRequest, {})).toBe(false);
    expect(ajv.validate(DeviceResumeRequest, { labelSelector: 'a', other: 1 })).toBe(false);
    expect(ajv.validate(DeviceResumeResponse, { resumedDevices: 3 })).toBe(true);
    expect(ajv.validate(DeviceLastSeen, { lastSeen: '2025-06-01T12:00:00Z' })).toBe(true);
    expect(ajv.validate(DeviceLastSeen, {})).toBe(false);
  });
});

describe('validateDevice', () => {
  function errorsFor(patch: Partial<Device>) {
    return validateDevice({ ...device, ...patch });
  }

  it('checks the name and labels', () => {
    expect(errorsFor({ metadata: { name: 'Not_Valid' } }).map((e) => e.path)).toEqual(['metadata.name']);
    expect(errorsFor({ metadata: { name: 'ok', labels: { '-bad': 'x', good: 'with space' } } })).toHaveLength(2);
  });

  it('rejects consoles', () => {
    expect(errorsFor({ spec: { consoles: [{ sessionID: 's', sessionMetadata: '{}' }] } })).toEqual([
      { path: 'spec.consoles', message: 'consoles are not supported through this api' },
    ]);
  });

  it('rejects an OS image and catalog item together, and bad images', () => {
    const catalogItemRef = { catalog: 'os', item: 'rhel', version: '9.5' };
    expect(errorsFor({ spec: { os: { image: 'quay.io/a/b:1', catalogItemRef } } })).toEqual([
      { path: 'spec.os', message: 'image and catalogItemRef are mutually exclusive' },
    ]);
    expect(errorsFor({ spec: { os: { catalogItemRef } } })).toEqual([]);
    expect(errorsFor({ spec: { os: { image: 'quay.io/a/b:{{ .metadata.name }}' } } }).map((e) => e.path)).toEqual([
      'spec.os.image',
    ]);
  });

  it('checks update schedules', () => {
    const updateSchedule = (at: string, startGraceDuration: string, timeZone?: string) =>
      errorsFor({ spec: { updatePolicy: { updateSchedule: { at, startGraceDuration, timeZone } } } });
    expect(updateSchedule('0 * * * *', '1h')).toEqual([]);
    expect(updateSchedule('0 * * * *', '61m')).toEqual([
      {
        path: 'spec.updatePolicy.updateSchedule.startGraceDuration',
        message: '61m exceeds the shortest interval between scheduled times (60m)',
      },
    ]);
    expect(updateSchedule('0 25 * * *', '1m')).toEqual([
      { path: 'spec.updatePolicy.updateSchedule.at', message: 'invalid cron expression: hour "25" is outside 0-23' },
    ]);
    expect(updateSchedule('0 0 30 2 *', '1m')).toEqual([
      { path: 'spec.updatePolicy.updateSchedule.at', message: 'the schedule never fires' },
    ]);
    expect(updateSchedule('0 0 * * *', '1m', 'PST')).toEqual([
      { path: 'spec.updatePolicy.updateSchedule.timeZone', message: 'ambiguous time zone "PST"' },
    ]);
    const download = errorsFor({
      spec: { updatePolicy: { downloadSchedule: { at: '*/5 * * * *', startGraceDuration: '6m' } } },
    });
    expect(download.map((e) => e.path)).toEqual(['spec.updatePolicy.downloadSchedule.startGraceDuration']);
  });

  it('checks systemd match patterns', () => {
    expect(errorsFor({ spec: { systemd: { matchPatterns: ['ok.service', 'bad unit'] } } })).toEqual([
      { path: 'spec.systemd.matchPatterns[1]', message: '"bad unit" is not a systemd unit name or glob' },
    ]);
  });

  it('reports nested problems with indexed paths', () => {
    const apps = [
      ...spec.applications!,
      { ...spec.applications![1], volumes: [{ name: 'Bad Name', mount: { path: '/x' } }] },
    ];
    const errs = errorsFor({ spec: { ...spec, applications: apps } });
    expect(errs.map((e) => e.path)).toEqual(['spec.applications[4].volumes[0].name', 'spec.applications[4].name']);
  });
});
