import { describe, expect, it } from 'vitest';
import { VersionMirror } from './version-mirror.js';

const live = () => {
  const mirror = new VersionMirror();
  mirror.subscribed();
  return mirror;
};

describe('VersionMirror', () => {
  it('copies a read unless an announcement or a loss came while it was under way', () => {
    const mirror = live();
    const before = mirror.mark();
    mirror.keep('o/a', '3', before);
    expect(mirror.get('o/a')).toBe('3');
    const straddled = mirror.mark();
    mirror.announced('o/other', '9');
    mirror.keep('o/b', '1', straddled);
    expect(mirror.get('o/b')).toBeUndefined();
  });

  it('takes announced versions that move forward and forgets deleted devices', () => {
    const mirror = live();
    mirror.announced('o/a', '5');
    mirror.announced('o/a', '4');
    expect(mirror.get('o/a')).toBe('5');
    mirror.announced('o/a', '12');
    expect(mirror.get('o/a')).toBe('12');
    mirror.announced('o/a', undefined);
    expect(mirror.get('o/a')).toBeUndefined();
    mirror.announced('o/a', '1');
    expect(mirror.get('o/a')).toBe('1');
    mirror.drop('o/a');
    expect(mirror.get('o/a')).toBeUndefined();
  });

  it('trusts nothing before the subscription and after it drops, until it is back', () => {
    const mirror = new VersionMirror();
    mirror.keep('o/a', '1', mirror.mark());
    mirror.announced('o/a', '2');
    expect(mirror.get('o/a')).toBeUndefined();
    mirror.subscribed();
    mirror.keep('o/a', '3', mirror.mark());
    expect(mirror.get('o/a')).toBe('3');
    const beforeLoss = mirror.mark();
    mirror.lost();
    expect(mirror.get('o/a')).toBeUndefined();
    expect(mirror.size).toBe(0);
    mirror.subscribed();
    // Read before the loss: it may have missed what was announced meanwhile.
    mirror.keep('o/a', '3', beforeLoss);
    expect(mirror.get('o/a')).toBeUndefined();
  });
});
