import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@flightctl/testing';
import { Engine } from './engine.js';

function engine(statusIntervalMs: number, statusJitterMs: number, random = 0.5) {
  const calls: { what: 'reconcile' | 'status'; at: number }[] = [];
  const started = Date.now();
  const e = new Engine({
    reconcile: async () => void calls.push({ what: 'reconcile', at: Date.now() - started }),
    statusUpdate: async () => void calls.push({ what: 'status', at: Date.now() - started }),
    statusIntervalMs,
    statusJitterMs,
    random: () => random,
  });
  const controller = new AbortController();
  const running = e.run(controller.signal);
  return { e, calls, stop: () => (controller.abort(), running) };
}

describe('engine', () => {
  it('syncs the spec and, without jitter, the status at once', async () => {
    const { calls, stop } = engine(60_000, 0);
    await waitFor(() => calls.length >= 2, { what: 'first steps' });
    await stop();
    expect(calls.slice(0, 2).map((c) => c.what)).toEqual(['reconcile', 'status']);
    expect(calls[1]!.at).toBeLessThan(500);
  });

  it('delays the first status by the random part of the jitter, then keeps the interval', async () => {
    const { calls, stop } = engine(300, 1000, 0.4);
    await waitFor(() => calls.filter((c) => c.what === 'status').length >= 2, { what: 'two status updates' });
    await stop();
    const status = calls.filter((c) => c.what === 'status');
    expect(status[0]!.at).toBeGreaterThanOrEqual(400);
    expect(status[1]!.at - status[0]!.at).toBeGreaterThanOrEqual(300);
    // The spec keeps syncing every second meanwhile.
    expect(calls[0]!.what).toBe('reconcile');
  });

  it('syncs the spec as soon as it is woken, without waiting for the next second', async () => {
    const { e, calls, stop } = engine(60_000, 0);
    await waitFor(() => calls.length >= 2, { what: 'first steps' });
    const woken = Date.now();
    e.wake();
    await waitFor(() => calls.filter((c) => c.what === 'reconcile').length >= 2, { what: 'second sync' });
    await stop();
    expect(Date.now() - woken).toBeLessThan(500);
  });
});

describe('engine stop', () => {
  it('ends at once when aborted while it sleeps', async () => {
    const { calls, stop } = engine(60_000, 0);
    await waitFor(() => calls.length >= 2, { what: 'first steps' });
    const stopping = Date.now();
    await stop();
    expect(Date.now() - stopping).toBeLessThan(200);
  });

  it('ends with the error of a step, leaving no listener on the signal', async () => {
    const signal = new AbortController().signal;
    const failing = new Engine({
      reconcile: () => Promise.reject(new Error('disk gone')),
      statusUpdate: async () => {},
      statusIntervalMs: 60_000,
      statusJitterMs: 0,
    });
    await expect(failing.run(signal)).rejects.toThrow('disk gone');
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
