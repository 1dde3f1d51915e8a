import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads Go duration strings', () => {
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('168h')).toBe(604_800_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('0')).toBe(0);
  });
  it('rejects anything else with the bad text in the message', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration "5 minutes"/);
    expect(() => parseDuration('')).toThrow(/invalid duration/);
    expect(() => parseDuration('10')).toThrow(/invalid duration "10"/);
  });
});
