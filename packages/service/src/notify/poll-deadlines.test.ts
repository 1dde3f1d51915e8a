import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SLOT_MS, PollDeadlines, slotOf } from './poll-deadlines.js';

class Item {
  expired = 0;
  expire(): void {
    this.expired++;
  }
}

describe('slotOf', () => {
  it('ends a two-minute wait on a whole second, at most a second early', () => {
    for (const now of [0, 1, 999.5, 123_456.7]) {
      const slot = slotOf(now, 120_000);
      expect(slot % MAX_SLOT_MS).toBe(0);
      expect(slot).toBeLessThanOrEqual(now + 120_000);
      expect(slot).toBeGreaterThan(now + 120_000 - MAX_SLOT_MS);
    }
  });

  it('keeps short waits nearly whole: slots of a twentieth of the wait', () => {
    const slot = slotOf(1003, 200);
    expect(slot).toBe(1200);
    expect(slotOf(1000, 0)).toBe(1000);
    expect(slotOf(1000.2, 1)).toBe(1001);
  });
});

describe('PollDeadlines', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('ends the waits begun within a second together, with one timer, never after their wait', () => {
    const deadlines = new PollDeadlines<Item>();
    vi.advanceTimersByTime(5000 - performance.now());
    const items = Array.from({ length: 100 }, () => new Item());
    for (const [i, item] of items.entries()) {
      deadlines.add(item, 120_000);
      if (i % 10 === 9) vi.advanceTimersByTime(99);
    }
    expect(vi.getTimerCount()).toBe(1);
    expect(deadlines.size).toBe(100);
    // Begun between 5.000 s and 5.990 s: all end at 125 s, none later than its 120 s.
    vi.advanceTimersByTime(125_000 - performance.now() - 1);
    expect(items.filter((i) => i.expired).length).toBe(0);
    vi.advanceTimersByTime(1);
    expect(items.every((i) => i.expired === 1)).toBe(true);
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not expire a removed item, and serves an earlier slot added later first', () => {
    const deadlines = new PollDeadlines<Item>();
    const long = new Item();
    const short = new Item();
    const removed = new Item();
    const longSlot = deadlines.add(long, 60_000);
    const removedSlot = deadlines.add(removed, 60_000);
    deadlines.add(short, 2000);
    deadlines.remove(removed, removedSlot);
    vi.advanceTimersByTime(2000);
    expect([short.expired, long.expired]).toEqual([1, 0]);
    vi.advanceTimersByTime(longSlot - performance.now());
    expect([long.expired, removed.expired]).toEqual([1, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
