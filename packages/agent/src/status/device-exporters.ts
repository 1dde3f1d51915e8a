/**
 * The parts of the status this agent reports (ref/agent.md §2.9), in upstream's exporter order:
 * applications, OS, spec, system info, config warnings. Resource monitors and systemd units are not
 * reported by this agent yet, so those fields keep the service's values.
 */
import type { DeviceSystemInfo, OsModeType } from '@flightctl/api';
import type { SpecManager } from '../spec/spec-manager.js';
import { truncateMessage } from './conditions.js';
import type { StatusExporter } from './status-manager.js';

/** No application controller yet: the device runs none the agent manages. */
export const applicationsExporter: StatusExporter = (status) => {
  status.applications = [];
  status.applicationsSummary = { status: 'NoApplications' };
};

/** Package mode reports no image; image mode without an OS client cannot read the booted one either. */
export function osExporter(osMode: OsModeType): StatusExporter {
  return (status) => {
    status.capabilities = { ...status.capabilities, osMode };
  };
}

export function specExporter(spec: SpecManager): StatusExporter {
  return (status) => {
    status.config.renderedVersion = spec.version('current');
  };
}

export function systemInfoExporter(systemInfo: () => DeviceSystemInfo): StatusExporter {
  return (status) => {
    status.systemInfo = systemInfo();
  };
}

/** The agent runs and reports: Online, or Degraded while config drop-ins were skipped (§1.3). */
export function summaryExporter(configWarnings: () => string[]): StatusExporter {
  return (status) => {
    const warnings = configWarnings();
    status.summary =
      warnings.length > 0 ? { status: 'Degraded', info: truncateMessage(warnings.join('; ')) } : { status: 'Online' };
  };
}
