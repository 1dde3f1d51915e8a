/**
 * The keys of the agent's `system-info` setting (§1.2, §7.3): which facts each one needs and how it
 * is written into DeviceSystemInfo. Every value is a string; a fact that could not be found is "".
 */
import { gpuSummary } from './gpu-facts.js';
import { defaultAddress, defaultInterface } from './network-facts.js';
import type { SystemFacts } from './system-facts.js';

/** The groups of facts collected together; a key needs exactly one. */
export type FactSource =
  'hostname' | 'kernel' | 'distribution' | 'cpu' | 'memory' | 'network' | 'gpu' | 'bios' | 'system';

interface KeyDefinition {
  source: FactSource;
  value(facts: SystemFacts): string;
}

const cpuCount = (n: number | undefined) => (n === undefined ? '' : String(n));

export const BUILT_IN_KEYS: Readonly<Record<string, KeyDefinition>> = {
  hostname: { source: 'hostname', value: (f) => f.hostname },
  kernel: { source: 'kernel', value: (f) => f.kernel },
  distroName: { source: 'distribution', value: (f) => f.distribution?.name ?? '' },
  distroVersion: { source: 'distribution', value: (f) => f.distribution?.version ?? '' },
  distroId: { source: 'distribution', value: (f) => f.distribution?.id ?? '' },
  productName: { source: 'system', value: (f) => f.hardware.system?.productName ?? '' },
  productUuid: { source: 'system', value: (f) => f.hardware.system?.uuid ?? '' },
  productSerial: { source: 'system', value: (f) => f.hardware.system?.serialNumber ?? '' },
  biosVendor: { source: 'bios', value: (f) => f.hardware.bios?.vendor ?? '' },
  biosVersion: { source: 'bios', value: (f) => f.hardware.bios?.version ?? '' },
  netInterfaceDefault: { source: 'network', value: (f) => f.hardware.network?.defaultRoute?.interface ?? '' },
  netIpDefault: { source: 'network', value: (f) => defaultAddress(f.hardware.network) },
  netMacDefault: { source: 'network', value: (f) => defaultInterface(f.hardware.network)?.macAddress ?? '' },
  gpu: { source: 'gpu', value: (f) => gpuSummary(f.hardware.gpu) },
  memoryTotalKb: {
    source: 'memory',
    value: (f) => (f.hardware.memory?.totalKb ? String(f.hardware.memory.totalKb) : ''),
  },
  cpuCores: { source: 'cpu', value: (f) => cpuCount(f.hardware.cpu?.total_cores) },
  // Upstream counts the entries of its processor list: physical packages, or logical CPUs where the
  // kernel does not report packages (ARM).
  cpuProcessors: { source: 'cpu', value: (f) => cpuCount(f.hardware.cpu?.processors.length) },
  cpuModel: { source: 'cpu', value: (f) => f.hardware.cpu?.processors[0]?.model ?? '' },
};

/** Keys filled by the agent's own state rather than by looking at the machine. */
export const MANAGEMENT_CERT_NOT_AFTER = 'managementCertNotAfter';
export const MANAGEMENT_CERT_SERIAL = 'managementCertSerial';
export const TPM_VENDOR_INFO = 'tpmVendorInfo';
export const RUNTIME_KEYS: readonly string[] = [MANAGEMENT_CERT_NOT_AFTER, MANAGEMENT_CERT_SERIAL, TPM_VENDOR_INFO];

/** Keys that are always reported, so naming them in `system-info` adds nothing. */
export const ALWAYS_REPORTED_KEYS: readonly string[] = ['architecture', 'operatingSystem', 'bootID', 'agentVersion'];

/** The default of the agent's `system-info` setting. */
export const DEFAULT_SYSTEM_INFO_KEYS: readonly string[] = [
  'hostname',
  'kernel',
  'distroName',
  'distroVersion',
  'distroId',
  'productName',
  'productUuid',
  'productSerial',
  'netInterfaceDefault',
  'netIpDefault',
  'netMacDefault',
  MANAGEMENT_CERT_NOT_AFTER,
  MANAGEMENT_CERT_SERIAL,
  TPM_VENDOR_INFO,
];

export function isKnownSystemInfoKey(key: string): boolean {
  return Object.hasOwn(BUILT_IN_KEYS, key) || RUNTIME_KEYS.includes(key) || ALWAYS_REPORTED_KEYS.includes(key);
}
