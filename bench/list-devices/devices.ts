/**
 * Deterministic, realistic devices for the list benchmark: ~8 labels, a spec with an OS image,
 * config providers and an application, and an agent status spread over the summary, update and
 * application enums (2–4 KB of JSON a row, like devices an agent has reported on for a while).
 *
 * Labels are drawn independently of the name, so name order (the list order) says nothing about
 * which devices a selector matches.
 */
import { createHash } from 'node:crypto';

export const REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south'] as const;
export const SITES_PER_REGION = 10;
export const HARDWARE = ['rpi4', 'jetson-orin', 'x86-nuc', 'arm-gateway'] as const;
export const RACKS = 40;

/**
 * The 4-label selector of scenarios (a) and (b): region 1/5 × env=prod 60 % × hw 1/4 × the stable
 * fleet (80 % of prod devices) ≈ 2.4 % of the devices (≈ 2,400 of 100,000).
 */
export const SELECTOR = { region: 'eu-west', env: 'prod', hw: 'rpi4', fleet: 'rpi4-stable' } as const;
export const SELECTOR_TEXT = Object.entries(SELECTOR)
  .map(([k, v]) => `${k}=${v}`)
  .join(',');
export const SELECTOR_FRACTION = (1 / REGIONS.length) * 0.6 * (1 / HARDWARE.length) * 0.8;

export interface SeedDevice {
  name: string;
  owner: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generation: number;
  resourceVersion: number;
  createdAt: string;
  spec: unknown;
  status: unknown;
}

/** mulberry32: a small, fast, seedable PRNG (the same devices on every run). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `[value, weight]` pairs whose weights add up to 1. */
function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of choices) {
    if ((r -= weight) < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (random: () => number) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;

const SUMMARY = [
  ['Online', 0.7],
  ['Degraded', 0.1],
  ['Error', 0.05],
  ['Rebooting', 0.03],
  ['PoweredOff', 0.05],
  ['Unknown', 0.07],
] as const;
const UPDATED = [
  ['UpToDate', 0.8],
  ['OutOfDate', 0.1],
  ['Updating', 0.05],
  ['Unknown', 0.05],
] as const;
const APPS_SUMMARY = [
  ['Healthy', 0.75],
  ['Degraded', 0.1],
  ['Error', 0.05],
  ['Unknown', 0.05],
  ['NoApplications', 0.05],
] as const;
const OS_MODE = [
  ['image', 0.85],
  ['package', 0.1],
  [undefined, 0.05],
] as const;
const ENV = [
  ['prod', 0.6],
  ['staging', 0.25],
  ['dev', 0.15],
] as const;
const SUMMARY_INFO: Record<string, string> = {
  Degraded: 'Memory utilization is above the warning threshold (85%).',
  Error: 'telemetry failed: container exited with code 1',
  Rebooting: 'The device is rebooting.',
  PoweredOff: 'The device is powered off.',
  Unknown: 'The device is disconnected (last seen more than 5m0s).',
};
const APP_STATUS_OF_SUMMARY: Record<string, string> = {
  Healthy: 'Running',
  Degraded: 'Starting',
  Error: 'Error',
  Unknown: 'Unknown',
};
const ARCH: Record<(typeof HARDWARE)[number], string> = {
  rpi4: 'arm64',
  'jetson-orin': 'arm64',
  'x86-nuc': 'amd64',
  'arm-gateway': 'arm64',
};

/** Upstream names enrolled devices by their key fingerprint: 52 lowercase base-32 characters. */
function deviceName(index: number): string {
  const digest = createHash('sha256').update(`bench-device-${index}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 52) {
      out += '0123456789abcdefghijklmnopqrstuv'[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Device number `index` (0-based) of a seeded population. */
export function makeDevice(index: number, now = Date.UTC(2025, 5, 1)): SeedDevice {
  const random = prng(index * 7919 + 17);
  const region = pick(random, REGIONS);
  const site = `${region}-s${String(Math.floor(random() * SITES_PER_REGION) + 1).padStart(2, '0')}`;
  const env = weighted(random, ENV);
  const hw = pick(random, HARDWARE);
  const ring = env === 'prod' ? (random() < 0.8 ? 'stable' : 'canary') : env;
  const fleet = `${hw}-${ring}`;
  const rack = `rack-${String(Math.floor(random() * RACKS) + 1).padStart(2, '0')}`;
  const serial = `SN${hex(random, 10).toUpperCase()}`;
  const alias = `${site}-${hw}-${String(index).padStart(6, '0')}`;
  const labels = { region, site, env, hw, fleet, rack, alias, serial };

  const owned = random() < 0.9;
  const templateVersion = `${fleet}-v${1 + Math.floor(random() * 12)}`;
  const renderedVersion = String(1 + Math.floor(random() * 40));
  const createdMs = now - Math.floor(random() * 365 * 86_400_000);
  const seenMs = now - Math.floor(random() * 3_600_000);
  const osBuild = `9.6-${20250100 + Math.floor(random() * 30)}`;
  const osImage = `quay.io/acme/edge-os-${hw}:${osBuild}`;
  const appImage = `quay.io/acme/telemetry-collector:${1 + Math.floor(random() * 3)}.${Math.floor(random() * 10)}`;

  const spec = {
    os: { image: osImage },
    config: [
      {
        name: 'site-config',
        gitRef: { repository: 'site-configs', targetRevision: 'main', path: `/sites/${region}/${site}` },
      },
      {
        name: 'motd',
        inline: [
          {
            path: '/etc/motd',
            content: `This device (${alias}) is managed by Flight Control.\nSite ${site}, rack ${rack}.\n`,
            mode: 420,
          },
        ],
      },
    ],
    applications: [
      {
        name: 'telemetry',
        appType: 'compose',
        image: appImage,
        envVars: { SITE: site, REGION: region, LOG_LEVEL: 'info', UPLINK: `mqtts://mqtt.${region}.acme.example:8883` },
      },
    ],
    systemd: { matchPatterns: ['chronyd.service', 'sshd.service', 'podman.service'] },
  };

  const summary = weighted(random, SUMMARY);
  const updated = weighted(random, UPDATED);
  const appsSummary = weighted(random, APPS_SUMMARY);
  const osMode = weighted(random, OS_MODE);
  const appStatus = APP_STATUS_OF_SUMMARY[appsSummary];
  const restarts = appsSummary === 'Healthy' ? 0 : Math.floor(random() * 20);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: iso(seenMs - Math.floor(random() * 86_400_000)),
  });
  const status = {
    conditions: [
      condition(
        'Updating',
        updated === 'Updating' ? 'True' : 'False',
        updated === 'Updating' ? 'Downloading' : 'Updated',
        updated === 'Updating' ? 'Downloading the OS image' : `Updated to desired renderedVersion: ${renderedVersion}`,
      ),
      condition('SpecValid', 'True', 'Valid', ''),
      condition('MultipleOwners', 'False', 'SingleOwner', ''),
    ],
    systemInfo: {
      architecture: ARCH[hw],
      bootID: uuid(random),
      operatingSystem: 'linux',
      agentVersion: `v0.9.${Math.floor(random() * 4)}`,
      hostname: alias,
      kernel: `5.14.0-570.${10 + Math.floor(random() * 20)}.1.el9_6.${ARCH[hw] === 'amd64' ? 'x86_64' : 'aarch64'}`,
      productName: hw,
      netIpDefault: `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 254) + 1}/24`,
      distroName: 'Red Hat Enterprise Linux',
      distroVersion: '9.6',
      customInfo: { site, rack, serial },
    },
    systemd: [
      {
        unit: 'chronyd.service',
        description: 'NTP client/server',
        enableState: 'enabled',
        loadState: 'loaded',
        activeState: 'active',
        subState: 'running',
      },
      {
        unit: 'sshd.service',
        description: 'OpenSSH server daemon',
        enableState: 'enabled',
        loadState: 'loaded',
        activeState: 'active',
        subState: 'running',
      },
      {
        unit: 'podman.service',
        description: 'Podman API Service',
        enableState: 'disabled',
        loadState: 'loaded',
        activeState: 'inactive',
        subState: 'dead',
      },
    ],
    applications:
      appsSummary === 'NoApplications'
        ? []
        : [
            {
              name: 'telemetry',
              ready: appStatus === 'Running' ? '2/2' : '1/2',
              restarts,
              status: appStatus,
              embedded: false,
              appType: 'compose',
              volumes: [{ name: 'telemetry-data', reference: 'telemetry-telemetry-data' }],
            },
          ],
    applicationsSummary:
      appsSummary === 'Healthy' || appsSummary === 'NoApplications'
        ? { status: appsSummary }
        : { status: appsSummary, info: `telemetry is in status ${appStatus}` },
    resources: {
      cpu: random() < 0.95 ? 'Healthy' : 'Warning',
      memory: random() < 0.93 ? 'Healthy' : 'Warning',
      disk: random() < 0.97 ? 'Healthy' : 'Critical',
    },
    integrity: {
      status: 'Verified',
      lastVerified: iso(seenMs),
      deviceIdentity: { status: 'Verified' },
      tpm: { status: 'Verified' },
    },
    config: { renderedVersion },
    os: { image: osImage, imageDigest: `sha256:${hex(random, 64)}` },
    updated:
      updated === 'UpToDate' ? { status: updated } : { status: updated, info: `renderedVersion ${renderedVersion}` },
    summary: summary === 'Online' ? { status: summary } : { status: summary, info: SUMMARY_INFO[summary] },
    lifecycle: { status: 'Enrolled' },
    capabilities: osMode ? { osMode } : {},
  };
  return {
    name: deviceName(index),
    owner: owned ? `Fleet/${fleet}` : null,
    labels,
    annotations: owned
      ? {
          'device-controller/renderedVersion': renderedVersion,
          'fleet-controller/templateVersion': templateVersion,
          'device-controller/renderedTemplateVersion': templateVersion,
        }
      : { 'device-controller/renderedVersion': renderedVersion },
    generation: 1 + Math.floor(random() * 5),
    resourceVersion: 10 + Math.floor(random() * 5000),
    createdAt: iso(createdMs),
    spec,
    status,
  };
}

/** Whether a device matches SELECTOR (for checking what the service returns). */
export function matchesSelector(labels: Record<string, string> | undefined): boolean {
  return Object.entries(SELECTOR).every(([k, v]) => labels?.[k] === v);
}
