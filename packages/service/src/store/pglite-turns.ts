/**
 * Lets the event loop reach I/O while the embedded database works.
 *
 * PGlite runs PostgreSQL in this thread and resolves each operation in a promise continuation, so
 * database work never yields to the event loop by itself: a queue of operations drains in one go,
 * and so do requests that each finish their work within the I/O callback that read them (100 user
 * writes arriving at once are all handled in one poll phase). Meanwhile nothing is read, and
 * nothing is written to an HTTP/2 connection (Node flushes HTTP/2 sessions from `setImmediate`):
 * the long polls those writes woke were answered only after the last of them. Here operations run
 * in the order they were issued, back to back until `sliceMs` has passed without the loop reaching
 * its check phase, then wait for `setImmediate` so that the loop handles I/O before the next one.
 * Waiting before every operation would cost a loop turn each and put a user's write behind every
 * status report that arrived meanwhile.
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
  // When the first operation since the loop's last check phase started; undefined once it has turned.
  let sliceStart: number | undefined;
  const start = async (): Promise<void> => {
    if (sliceStart !== undefined && performance.now() - sliceStart >= sliceMs) await nextTurn();
    if (sliceStart !== undefined) return;
    sliceStart = performance.now();
    setImmediate(() => (sliceStart = undefined));
  };
  const turn = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = tail.then(start).then(operation);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    query: <T>(query: string, params?: unknown[], options?: QueryOptions) =>
      turn(() => client.query<T>(query, params, options)),
    transaction: <T>(callback: (tx: Transaction) => Promise<T>) => turn(() => client.transaction(callback)),
    exec: (query: string, options?: QueryOptions) => turn(() => client.exec(query, options)),
  };
}
