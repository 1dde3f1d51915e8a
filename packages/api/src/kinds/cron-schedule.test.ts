import { describe, expect, it } from 'vitest';
import { parseCron, shortestCronGapMinutes } from './cron-schedule.js';

function gap(expression: string): number | undefined {
  const parsed = parseCron(expression);
  if ('error' in parsed) throw new Error(parsed.error);
  return shortestCronGapMinutes(parsed.schedule);
}

const DAY = 1440;

describe('parseCron', () => {
  it.each(['* * * * *', '*/15 0-8,16-23 * * *', '0 9 1,15 */2 1-5', '30 2 ? JAN-jun Mon', '5/10 * * * *', '0 0 * * 6'])(
    'accepts %s',
    (expression) => {
      expect(parseCron(expression)).toHaveProperty('schedule');
    },
  );

  it.each([
    ['* * * *', 'expected 5 fields, found 4'],
    ['60 * * * *', 'minute "60" is outside 0-59'],
    ['* 24 * * *', 'hour "24" is outside 0-23'],
    ['* * 0 * *', 'day of month "0" is outside 1-31'],
    ['* * * 13 *', 'month "13" is outside 1-12'],
    ['* * * * 7', 'day of week "7" is outside 0-6'],
    ['5-1 * * * *', 'minute "5-1" is outside 0-59'],
    ['*/0 * * * *', 'minute step must be positive'],
    ['@daily', 'expected 5 fields, found 1'],
    ['1;2 * * * *', 'invalid minute "1;2"'],
    ['* * * foo *', 'month "foo" is outside 1-12'],
  ])('rejects %s', (expression, error) => {
    expect(parseCron(expression)).toEqual({ error });
  });

  it('reads n/step as n through the maximum', () => {
    const parsed = parseCron('50/5 * * * *');
    expect('schedule' in parsed && parsed.schedule.minutes).toEqual([50, 55]);
  });
});

describe('shortestCronGapMinutes', () => {
  it.each([
    ['* * * * *', 1],
    ['*/15 * * * *', 15],
    ['0,50 * * * *', 10],
    ['0 * * * *', 60],
    ['50 8,9 * * *', 60],
    ['0 0-8,16-23 * * *', 60],
    ['0 2 * * *', DAY],
    ['0 22,2 * * *', 4 * 60],
    ['0 9 * * 1-5', DAY],
    ['0 0 * * 0', 7 * DAY],
    ['0 0 1 * *', 28 * DAY],
    ['0 0 31 * *', 31 * DAY],
    ['0 0 1 1 *', 365 * DAY],
    ['0 0 29 2 *', 1461 * DAY],
  ])('%s → %i minutes', (expression, minutes) => {
    expect(gap(expression)).toBe(minutes);
  });

  it('matches either day field when both are restricted', () => {
    // The 1st of the month or any Monday: some Mondays fall on the 31st, right before a 1st.
    expect(gap('0 0 1 * 1')).toBe(DAY);
  });

  it('matches both day fields when one is a wildcard', () => {
    expect(gap('0 0 * * 1')).toBe(7 * DAY);
  });

  it('returns undefined for a schedule that never fires', () => {
    expect(gap('0 0 31 2 *')).toBeUndefined();
    expect(gap('0 0 30 2 *')).toBeUndefined();
  });
});
