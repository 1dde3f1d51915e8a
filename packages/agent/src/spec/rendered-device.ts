/**
 * A rendered device as the agent keeps and compares it (ref/agent.md §2.4): its version is the
 * `device-controller/renderedVersion` annotation (a decimal integer, empty meaning 0), its content hash
 * `device-controller/renderedSpecHash` (unchanged by console-only renders).
 */
import type { Device } from '@flightctl/api';
import {
  API_VERSION,
  DEVICE_ANNOTATION_RENDERED_SPEC_HASH,
  DEVICE_ANNOTATION_RENDERED_VERSION,
} from '@flightctl/api/agent';

export function renderedVersion(device: Device): string {
  return device.metadata.annotations?.[DEVICE_ANNOTATION_RENDERED_VERSION] ?? '';
}

export function renderedSpecHash(device: Device): string {
  return device.metadata.annotations?.[DEVICE_ANNOTATION_RENDERED_SPEC_HASH] ?? '';
}

/** The version as a number; throws on a negative or non-numeric version. */
export function versionNumber(version: string): number {
  if (version === '') return 0;
  if (!/^\d+$/.test(version)) throw new Error(`invalid rendered version "${version}"`);
  return Number(version);
}

/** An empty spec at `version`: what the spec files hold before the first rendered device arrives. */
export function versionedDevice(version: string): Device {
  return {
    apiVersion: API_VERSION,
    kind: 'Device',
    metadata: { annotations: { [DEVICE_ANNOTATION_RENDERED_VERSION]: version } },
    spec: {},
  };
}
