import { describe, expect, it } from 'vitest';
import { UpdatePolicy } from './update-policy.js';

function policyAt(iso: string) {
  const clock = { now: Date.parse(iso) };
  return { policy: new UpdatePolicy(() => clock.now), clock };
}

describe('update policy', () => {
  it('is ready for both kinds when the spec has no schedules', () => {
    const { policy } = policyAt('2026-11-21T10:00:00Z');
    policy.sync(undefined);
    expect(policy.isReady('download')).toBe(true);
    expect(policy.isReady('update')).toBe(true);
  });

  it('is ready from a firing of the schedule until its grace period ends, in the schedule time zone', () => {
    const { policy, clock } = policyAt('2026-11-21T01:59:00Z');
    // 03:00 in Berlin (UTC+1 in November) every day, 30 minutes of grace.
    policy.sync({ updateSchedule: { at: '0 3 * * *', timeZone: 'Europe/Berlin', startGraceDuration: '30m' } });
    expect(policy.isReady('update')).toBe(false);
    expect(policy.isReady('download')).toBe(true);
    clock.now = Date.parse('2026-11-21T02:00:00Z');
    expect(policy.isReady('update')).toBe(true);
    clock.now = Date.parse('2026-11-21T02:30:00Z');
    expect(policy.isReady('update')).toBe(true);
    clock.now = Date.parse('2026-11-21T02:31:00Z');
    expect(policy.isReady('update')).toBe(false);
  });

  it('rejects an invalid schedule and keeps the previous one', () => {
    const { policy } = policyAt('2026-11-21T10:00:00Z');
    policy.sync({ downloadSchedule: { at: '0 3 * * *', timeZone: 'UTC', startGraceDuration: '1h' } });
    expect(() => policy.sync({ downloadSchedule: { at: 'every day', startGraceDuration: '1h' } })).toThrow(
      /invalid schedule "every day"/,
    );
    expect(policy.isReady('download')).toBe(false);
  });
});
