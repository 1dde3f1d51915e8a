import type { Device } from '@flightctl/api';
import { describe, expect, it } from 'vitest';
import { renderedVersion, versionedDevice } from './rendered-device.js';
import { VersionQueue } from './version-queue.js';

function device(version: string, hash = `hash-${version}`): Device {
  const d = versionedDevice(version);
  d.metadata.annotations!['device-controller/renderedSpecHash'] = hash;
  return d;
}

function queue(options: { current?: number; ready?: () => boolean; random?: number } = {}) {
  const clock = { now: 1_000_000 };
  const q = new VersionQueue({
    currentVersion: () => options.current ?? 0,
    isPolicyReady: options.ready ?? (() => true),
    now: () => clock.now,
    random: () => options.random ?? 0.5,
  });
  return { q, clock };
}

const nextVersion = (q: VersionQueue) => {
  const d = q.next();
  return d && renderedVersion(d);
};

describe('version queue', () => {
  it('hands out a queued version once', () => {
    const { q } = queue();
    q.add(device('1'));
    expect(nextVersion(q)).toBe('1');
    expect(nextVersion(q)).toBeUndefined();
  });

  it('holds one version: a newer one replaces the queued one', () => {
    const { q } = queue();
    q.add(device('1'));
    q.add(device('2'));
    expect(nextVersion(q)).toBe('2');
    expect(nextVersion(q)).toBeUndefined();
  });

  it('ignores versions older than the current one, failed versions and failed spec contents', () => {
    const { q } = queue({ current: 5 });
    q.add(device('4'));
    expect(nextVersion(q)).toBeUndefined();
    q.setFailed(6, 'bad-spec');
    q.add(device('6'));
    expect(nextVersion(q)).toBeUndefined();
    // A console session re-renders the same content under a new version: still failed.
    q.add(device('7', 'bad-spec'));
    expect(nextVersion(q)).toBeUndefined();
    q.add(device('8'));
    expect(nextVersion(q)).toBe('8');
  });

  it('re-offers a handed-out version after 30 s × 1.5^(tries-1), capped at 5 min', () => {
    // random 0.5 = no jitter.
    const { q, clock } = queue();
    const waits: number[] = [];
    for (let tries = 1; tries <= 9; tries++) {
      q.add(device('3'));
      if (tries === 1) {
        expect(nextVersion(q)).toBe('3');
        continue;
      }
      const start = clock.now;
      expect(nextVersion(q)).toBeUndefined();
      let waited = 0;
      while (nextVersion(q) === undefined) {
        clock.now += 500;
        waited = clock.now - start;
        q.add(device('3'));
      }
      waits.push(waited);
    }
    expect(waits).toEqual(
      [30_000, 45_000, 67_500, 101_250, 151_875, 227_812.5, 300_000, 300_000].map((w) => Math.ceil(w / 500) * 500),
    );
  });

  it('applies ±10 % jitter to the requeue delay', () => {
    const delayWith = (random: number) => {
      const { q, clock } = queue({ random });
      q.add(device('1'));
      q.next();
      q.add(device('1'));
      const start = clock.now;
      while (!q.next()) clock.now += 100;
      return clock.now - start;
    };
    expect(delayWith(0)).toBe(27_000);
    expect(delayWith(0.999_999)).toBe(33_000);
  });

  it('waits until the download or update policy has been ready, and remembers that it was', () => {
    let ready = false;
    const { q } = queue({ ready: () => ready });
    q.add(device('2'));
    expect(nextVersion(q)).toBeUndefined();
    expect(q.isPolicySatisfied('update', 2)).toBe(false);
    ready = true;
    expect(nextVersion(q)).toBe('2');
    ready = false;
    expect(q.isPolicySatisfied('update', 2)).toBe(true);
    expect(q.isPolicySatisfied('download', 2)).toBe(true);
  });
});
