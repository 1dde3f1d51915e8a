import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTurns } from './pglite-turns.js';

describe('embedded database operations in turns', () => {
  let client: PGlite;
  let server: Server;
  beforeAll(async () => {
    client = new PGlite();
    await client.exec('create table counters (id int primary key, n int not null); insert into counters values (1, 0)');
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server?.close();
    await client?.close();
  });

  const bump = (db: ReturnType<typeof inTurns>) =>
    db.transaction(async (tx) => {
      await tx.query('select n from counters where id = 1');
      await tx.query('update counters set n = n + 1 where id = 1');
    });

  /** How many of `burst`'s operations had finished when an HTTP request made as it started was answered. */
  const finishedWhenAnswered = async (burst: (done: () => void) => Promise<unknown>) => {
    const { port } = server.address() as AddressInfo;
    let finished = 0;
    const answered = new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.resume();
        res.on('end', () => resolve(finished));
      }).on('error', reject);
    });
    await burst(() => finished++);
    return { atAnswer: await answered, finished };
  };

  it('answers an HTTP request while a burst of transactions is queued, not after the burst', async () => {
    const db = inTurns(client);
    const { atAnswer, finished } = await finishedWhenAnswered((done) =>
      Promise.all(Array.from({ length: 200 }, () => bump(db).then(done))),
    );
    expect(finished).toBe(200);
    expect(atAnswer).toBeLessThan(200);
  });

  it('answers an HTTP request while transactions issued one after another keep the database busy', async () => {
    // As requests handled in one poll phase do: each issues its work when the previous one's is done.
    const db = inTurns(client);
    const { atAnswer, finished } = await finishedWhenAnswered(async (done) => {
      for (let i = 0; i < 200; i++) await bump(db).then(done);
    });
    expect(finished).toBe(200);
    expect(atAnswer).toBeLessThan(200);
  });

  it('runs the operations of one slice back to back, and gives the loop a turn between slices', async () => {
    // How many turns the loop has taken when each of three queued queries finishes.
    const turnsAtEach = async (sliceMs: number) => {
      const db = inTurns(client, sliceMs);
      let turns = 0;
      let counting = true;
      const count = () => {
        turns++;
        if (counting) setImmediate(count);
      };
      setImmediate(count);
      const at = await Promise.all([1, 2, 3].map(() => db.query('select 1').then(() => turns)));
      counting = false;
      return at;
    };
    expect(await turnsAtEach(60_000)).toEqual([0, 0, 0]);
    // With no slice, the first runs at once and each later one after a turn of its own.
    const [first, second, third] = await turnsAtEach(0);
    expect(second).toBeGreaterThan(first!);
    expect(third).toBeGreaterThan(second!);
  });

  it('keeps operations in the order they were issued and a failed one does not stop the queue', async () => {
    const db = inTurns(client);
    const before = (await db.query<{ n: number }>('select n from counters where id = 1')).rows[0]!.n;
    const failed = db.query('select * from no_such_table');
    const first = bump(db);
    const read = db.query<{ n: number }>('select n from counters where id = 1');
    await expect(failed).rejects.toThrow(/no_such_table/);
    await first;
    expect((await read).rows[0]!.n).toBe(before + 1);
  });
});
