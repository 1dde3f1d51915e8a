import { describe, expect, it } from 'vitest';
import { cpuTimes, stealShare } from './run-context.js';

describe('CPU steal of a run', () => {
  it('reads the total and the steal column of /proc/stat', () => {
    const stat = 'cpu  261722 107196 36353 169730 2779 0 4072 103062 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n';
    expect(cpuTimes(stat)).toEqual({ total: 684914, steal: 103062 });
  });

  it('tells the share of the CPU time between two readings that was stolen', () => {
    expect(stealShare({ total: 1000, steal: 10 }, { total: 3000, steal: 310 })).toBe('15.0 %');
    expect(stealShare({ total: 1000, steal: 10 }, { total: 1000, steal: 10 })).toBe('n/a');
  });

  it('refuses a text that is not a cpu line', () => {
    expect(() => cpuTimes('intr 1 2 3')).toThrow(/cpu line/);
  });
});
