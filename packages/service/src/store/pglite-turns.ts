/**
 * Lets the event loop reach I/O while the embedded database works through a queue.
 *
 * PGlite runs PostgreSQL in this thread and serializes operations behind a mutex whose hand-over is
 * a promise continuation, so a queue of operations (a burst of user writes, or of agents' status
 * reports) drains without the event loop ever polling sockets: no response is written and no request
 * read until the last operation of the burst has finished. Here operations run in the order they
 * were issued, back to back for at most `sliceMs`, then wait for `setImmediate` so that the loop
 * handles I/O before the next one. Waiting before every operation would cost a loop turn each and
 * put a user's write behind every status report that arrived meanwhile.
 */
import { performance } from 'node:perf_hooks';
import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';

/** The part of PGlite that drizzle's driver calls: every operation, queued. */
export type PGliteOperations = Pick<PGlite, 'query' | 'transaction' | 'exec'>;

/** Longest the event loop waits for I/O while queued operations run. */
const DEFAULT_SLICE_MS = 10;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function inTurns(client: PGlite, sliceMs = DEFAULT_SLICE_MS): PGliteOperations {
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let sliceStart = 0;
  const start = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    sliceStart = performance.now();
  };
  const turn = <T>(operation: () => Promise<T>): Promise<T> => {
    // An operation issued while none is queued comes from I/O the loop just handled: a new slice.
    if (queued++ === 0) sliceStart = performance.now();
    const result = tail.then(start).then(operation);
    tail = result.finally(() => queued--).catch(() => undefined);
    return result;
  };
  return {
    query: <T>(query: string, params?: unknown[], options?: QueryOptions) =>
      turn(() => client.query<T>(query, params, options)),
    transaction: <T>(callback: (tx: Transaction) => Promise<T>) => turn(() => client.transaction(callback)),
    exec: (query: string, options?: QueryOptions) => turn(() => client.exec(query, options)),
  };
}
