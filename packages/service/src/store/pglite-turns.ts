/**
 * Gives each embedded-database operation a turn of the event loop of its own.
 *
 * PGlite runs PostgreSQL in this thread and serializes operations behind a mutex whose hand-over is
 * a promise continuation, so a queue of operations (a burst of user writes, or of agents' status
 * reports) drains without the event loop ever reaching I/O: no response is written and no request
 * read until the last operation of the burst has finished. Waiting for `setImmediate` before each
 * operation lets the loop poll sockets between two of them; the operations themselves stay in order.
 */
import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';

/** The part of PGlite that drizzle's driver calls: every operation, wrapped in a turn. */
export type PGliteOperations = Pick<PGlite, 'query' | 'transaction' | 'exec'>;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function inTurns(client: PGlite): PGliteOperations {
  let tail: Promise<unknown> = Promise.resolve();
  const turn = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = tail.then(nextTurn).then(operation);
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
