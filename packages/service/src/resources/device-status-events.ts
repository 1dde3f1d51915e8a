/**
 * The events a change of a device's status emits (ref/service.md §5.5, api.md §9.2): connectivity,
 * content, applications and resource transitions, and a new OS image. Pure: the caller records them.
 */
import { CONDITION_TYPE, UPDATE_STATE, type DeviceStatus, type EventReason } from '@flightctl/api';

export interface StatusEvent {
  reason: EventReason;
  message: string;
}

const RESOURCES = [
  { key: 'cpu', label: 'CPU' },
  { key: 'memory', label: 'Memory' },
  { key: 'disk', label: 'Disk' },
] as const;

type ResourceLevel = DeviceStatus['resources']['cpu'];

/** Resource transitions, except the normal start-up Unknown → Healthy; anything but Critical/Warning reads as normal. */
function resourceEvent(label: 'CPU' | 'Memory' | 'Disk', before: ResourceLevel, after: ResourceLevel) {
  if (before === after || (before === 'Unknown' && after === 'Healthy')) return undefined;
  if (after === 'Critical')
    return {
      reason: `Device${label}Critical` as EventReason,
      message: `${label} utilization has reached a critical level.`,
    };
  if (after === 'Warning')
    return {
      reason: `Device${label}Warning` as EventReason,
      message: `${label} utilization has reached a warning level.`,
    };
  return { reason: `Device${label}Normal` as EventReason, message: `${label} utilization has returned to normal.` };
}

function updateFailed(status: DeviceStatus): boolean {
  const updating = status.conditions.find((c) => c.type === CONDITION_TYPE.Updating);
  return updating?.reason === UPDATE_STATE.Error && Boolean(updating.message);
}

/** Events for the change from `before` to `after`; `before` undefined (a new device) emits none. */
export function statusChangeEvents(before: DeviceStatus | undefined, after: DeviceStatus): StatusEvent[] {
  if (!before) return [];
  const events: StatusEvent[] = [];
  // A device that drops off turns summary, updated and applications Unknown at once: one event says so.
  const disconnected = (message: string) => {
    if (!events.some((e) => e.reason === 'DeviceDisconnected')) events.push({ reason: 'DeviceDisconnected', message });
  };

  // The booted image changed (vulnerability reports key on it); an empty digest is no image at all.
  const [was, is] = [before.os.imageDigest, after.os.imageDigest];
  if (is && is !== was)
    events.push({
      reason: 'DeviceOSImageChanged',
      message: was ? `OS image changed from ${was} to ${is}` : `Initial OS image detected: ${is}`,
    });

  const summary = after.summary;
  if (summary.status !== before.summary.status) {
    const message = summary.info ?? '';
    if (summary.status === 'Unknown') disconnected(message);
    else if (summary.status === 'Rebooting') events.push({ reason: 'DeviceIsRebooting', message });
    else if (summary.status === 'Online') events.push({ reason: 'DeviceConnected', message });
    else if (summary.status === 'ConflictPaused') events.push({ reason: 'DeviceConflictPaused', message });
  }

  const updated = after.updated;
  if (updated.status !== before.updated.status) {
    const message = updated.info ?? '';
    if (updated.status === 'Unknown') disconnected(message);
    else if (updated.status === 'Updating') events.push({ reason: 'DeviceContentUpdating', message });
    else if (updated.status === 'OutOfDate')
      events.push({ reason: updateFailed(after) ? 'DeviceUpdateFailed' : 'DeviceContentOutOfDate', message });
    else if (before.updated.status !== 'Unknown') events.push({ reason: 'DeviceContentUpToDate', message });
  }

  const apps = after.applicationsSummary;
  if (apps.status !== before.applicationsSummary.status) {
    const message = apps.info ?? '';
    if (apps.status === 'Unknown') disconnected(message);
    else if (apps.status === 'Error') events.push({ reason: 'DeviceApplicationError', message });
    else if (apps.status === 'Degraded') events.push({ reason: 'DeviceApplicationDegraded', message });
    else events.push({ reason: 'DeviceApplicationHealthy', message });
  }

  for (const { key, label } of RESOURCES) {
    const event = resourceEvent(label, before.resources[key], after.resources[key]);
    if (event) events.push(event);
  }
  return events;
}
