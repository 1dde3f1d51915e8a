/**
 * The update policy of the desired spec (ref/agent.md §2.7): `spec.updatePolicy.downloadSchedule`
 * and `updateSchedule`, each a cron expression with a time zone and a grace duration. A schedule is
 * "ready" while now lies within the grace period after one of its firings; no schedule is always ready.
 */
import type { DeviceUpdatePolicySpec, UpdateSchedule } from '@flightctl/api';
import { cronFiresAt, parseCron, parseGoDuration, type CronSchedule } from '@flightctl/api/agent';

export type PolicyType = 'download' | 'update';

interface ParsedSchedule {
  cron: CronSchedule;
  timeZone: string | undefined;
  graceMs: number;
}

const MINUTE_MS = 60_000;

/** "Local" and an empty zone mean the device's own time zone. */
function timeZoneOf(schedule: UpdateSchedule): string | undefined {
  return !schedule.timeZone || schedule.timeZone === 'Local' ? undefined : schedule.timeZone;
}

function parseSchedule(schedule: UpdateSchedule | undefined): ParsedSchedule | undefined {
  if (!schedule) return undefined;
  const parsed = parseCron(schedule.at);
  if ('error' in parsed) throw new Error(`invalid schedule "${schedule.at}": ${parsed.error}`);
  const timeZone = timeZoneOf(schedule);
  // Fails early on an unknown zone rather than at every check.
  new Intl.DateTimeFormat('en-US', { timeZone });
  return { cron: parsed.schedule, timeZone, graceMs: parseGoDuration(schedule.startGraceDuration) ?? 0 };
}

/** Milliseconds the zone's wall clock is ahead of UTC at `at`. */
function zoneOffsetMs(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(at));
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'));
  return wall - Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/**
 * Whether a firing lies in [now - grace, now]: the minutes of that window are checked on the zone's
 * wall clock, with the offset taken at `now` (a daylight-saving change inside the window is ignored).
 */
function isReady(schedule: ParsedSchedule, now: number): boolean {
  const offset = zoneOffsetMs(now, schedule.timeZone);
  const last = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  for (let t = last; t >= now - schedule.graceMs; t -= MINUTE_MS) {
    if (cronFiresAt(schedule.cron, new Date(t + offset))) return true;
  }
  return false;
}

export class UpdatePolicy {
  private schedules: Record<PolicyType, ParsedSchedule | undefined> = { download: undefined, update: undefined };

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes the schedules of a newly received spec; an invalid schedule is an error and leaves the old ones. */
  sync(policy: DeviceUpdatePolicySpec | undefined): void {
    const download = parseSchedule(policy?.downloadSchedule);
    const update = parseSchedule(policy?.updateSchedule);
    this.schedules = { download, update };
  }

  isReady(type: PolicyType): boolean {
    const schedule = this.schedules[type];
    return schedule === undefined || isReady(schedule, this.now());
  }
}
