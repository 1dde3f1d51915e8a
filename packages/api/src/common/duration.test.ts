import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

describe('parseGoDuration', () => {
  it('reads every unit, compound and fractional durations, and a sign', () => {
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250us')).toBe(0.25);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-1s')).toBe(-1000);
    expect(parseGoDuration('+2m')).toBe(120_000);
  });

  it('answers undefined for anything else', () => {
    for (const bad of ['', '5', '1d', 's', '1h 30m', '--1s', 'abc']) expect(parseGoDuration(bad), bad).toBeUndefined();
  });
});
