/**
 * The status of a new device: everything unknown, as upstream's NewDeviceStatus. Apart from the
 * schema so that the agent (through `@flightctl/api/agent`) uses it without loading TypeBox.
 */
import type { DeviceStatus } from './device-status.js';

/** Go's zero `time.Time`, which upstream serialises for conditions it creates without a timestamp. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The status of a device the server creates (at enrollment approval or on a user create): everything unknown. */
export function newDeviceStatus(): DeviceStatus {
  return {
    conditions: [{ type: 'Updating', status: 'Unknown', reason: '', message: '', lastTransitionTime: ZERO_TIME }],
    systemInfo: { architecture: '', bootID: '', operatingSystem: '', agentVersion: '' },
    applications: [],
    applicationsSummary: { status: 'Unknown' },
    resources: { cpu: 'Unknown', memory: 'Unknown', disk: 'Unknown' },
    integrity: { status: 'Unknown' },
    config: { renderedVersion: '' },
    os: { image: '', imageDigest: '' },
    updated: { status: 'Unknown' },
    summary: { status: 'Unknown' },
    lifecycle: { status: 'Unknown' },
  };
}
