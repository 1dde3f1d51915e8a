import { describe, expect, it } from 'vitest';
import { goDuration, humanizeTime, rfc3339 } from './humanize-time.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const S = 1000;
const DAY = 86_400 * S;

describe('humanizeTime (go-humanize Time)', () => {
  it.each([
    [0, 'now'],
    [999, 'now'],
    [1 * S, '1 second ago'],
    [59 * S, '59 seconds ago'],
    [60 * S, '1 minute ago'],
    [119 * S, '1 minute ago'],
    [120 * S, '2 minutes ago'],
    [3600 * S, '1 hour ago'],
    [5 * 3600 * S, '5 hours ago'],
    [DAY, '1 day ago'],
    [6 * DAY, '6 days ago'],
    [7 * DAY, '1 week ago'],
    [29 * DAY, '4 weeks ago'],
    [30 * DAY, '1 month ago'],
    [359 * DAY, '11 months ago'],
    [360 * DAY, '1 year ago'],
    [540 * DAY, '2 years ago'],
    [3 * 360 * DAY, '3 years ago'],
    [40 * 360 * DAY, 'a long while ago'],
  ])('%i ms ago: %s', (ms, text) => {
    expect(humanizeTime(ago(ms), NOW)).toBe(text);
  });

  it('future times read "from now"', () => {
    expect(humanizeTime(new Date(NOW.getTime() + 3 * 3600 * S), NOW)).toBe('3 hours from now');
  });

  it('takes RFC 3339 strings', () => {
    expect(humanizeTime('2026-06-15T11:00:00Z', NOW)).toBe('1 hour ago');
  });
});

describe('goDuration (Go Duration.String, whole seconds)', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [60, '1m0s'],
    [90, '1m30s'],
    [3600, '1h0m0s'],
    [86_430, '24h0m30s'],
    [604_800, '168h0m0s'],
    [-5, '-5s'],
  ])('%i s: %s', (seconds, text) => {
    expect(goDuration(seconds)).toBe(text);
  });
});

it('rfc3339 drops fractional seconds like Go time.RFC3339', () => {
  expect(rfc3339('2026-06-15T11:00:00.123456Z')).toBe('2026-06-15T11:00:00Z');
});
