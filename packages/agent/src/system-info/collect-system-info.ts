/**
 * The device's `status.systemInfo` (§7.3): architecture, operating system, boot ID and agent version
 * always; the facts named by the `system-info` setting as extra string properties; the output of the
 * `system-info-custom` scripts under `customInfo`.
 */
import type { DeviceSystemInfo } from '@flightctl/api';
import type { Executor } from '../os/executor.js';
import type { RootDir } from '../os/root-dir.js';
import { AGENT_VERSION } from '../version.js';
import { collectSystemFacts } from './collect-system-facts.js';
import { defaultSystemInfoLogger, type SystemInfoLogger } from './fact-context.js';
import {
  BUILT_IN_KEYS,
  type FactSource,
  isKnownSystemInfoKey,
  MANAGEMENT_CERT_NOT_AFTER,
  MANAGEMENT_CERT_SERIAL,
} from './system-info-keys.js';

/** Where the agent keeps the optional PCI-ID → GPU name map (§1.5). */
export const HARDWARE_MAP_PATH = '/var/lib/flightctl/hardware-map.yaml';

export interface CollectSystemInfoOptions {
  executor: Executor;
  root: RootDir;
  /** The `system-info` setting. */
  keys: string[];
  /** The `system-info-custom` setting. */
  customInfo: string[];
  /** The `system-info-timeout` setting, in milliseconds. */
  timeoutMs: number;
  /** The management certificate, once the device has one; `serial` is hex, as X.509 libraries print it. */
  managementCert?: { notAfter: Date; serial: string };
  /** The boot ID the agent already read at start; read from procfs when absent. */
  bootId?: string;
  logger?: SystemInfoLogger;
}

/** `2026-01-02T03:04:05Z`: RFC 3339 in UTC without fractions, as Go formats time.RFC3339. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A certificate serial as upstream reports it: the minimal big-endian bytes in upper-case hex, separated
 * by colons (`46:E5:42:26`). Accepts hex with or without colons and leading zero bytes.
 */
export function formatCertificateSerial(serial: string): string {
  let hex = serial.replace(/:/g, '').toUpperCase();
  if (hex.length % 2 === 1) hex = `0${hex}`;
  while (hex.startsWith('00') && hex.length > 2) hex = hex.slice(2);
  return (hex.match(/../g) ?? []).join(':');
}

export async function collectSystemInfo(options: CollectSystemInfoOptions): Promise<DeviceSystemInfo> {
  const logger = options.logger ?? defaultSystemInfoLogger();
  const keys = [...new Set(options.keys)];
  const unknown = keys.filter((key) => !isKnownSystemInfoKey(key));
  if (unknown.length > 0) logger.warn({ keys: unknown }, 'unknown system-info keys ignored');

  const builtIn = keys.filter((key) => Object.hasOwn(BUILT_IN_KEYS, key));
  const sources = new Set<FactSource>(builtIn.map((key) => BUILT_IN_KEYS[key]!.source));
  const facts = await collectSystemFacts({
    executor: options.executor,
    root: options.root,
    logger,
    timeoutMs: options.timeoutMs,
    sources,
    customInfo: options.customInfo,
    hardwareMapPath: HARDWARE_MAP_PATH,
  });

  const info: DeviceSystemInfo = {
    architecture: facts.architecture,
    operatingSystem: facts.operatingSystem,
    bootID: options.bootId ?? facts.boot?.bootID ?? '',
    agentVersion: AGENT_VERSION,
  };
  for (const key of keys) {
    if (Object.hasOwn(BUILT_IN_KEYS, key)) info[key] = BUILT_IN_KEYS[key]!.value(facts);
    else if (key === MANAGEMENT_CERT_NOT_AFTER && options.managementCert)
      info[key] = rfc3339(options.managementCert.notAfter);
    else if (key === MANAGEMENT_CERT_SERIAL && options.managementCert)
      info[key] = formatCertificateSerial(options.managementCert.serial);
  }
  if (facts.custom && Object.keys(facts.custom).length > 0) info.customInfo = facts.custom;
  return info;
}
