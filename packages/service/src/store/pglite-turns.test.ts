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

  it('answers an HTTP request while a burst of transactions is queued, not after the burst', async () => {
    const db = inTurns(client);
    const { port } = server.address() as AddressInfo;
    let committed = 0;
    const answered = new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.resume();
        res.on('end', () => resolve(committed));
      }).on('error', reject);
    });
    const burst = Array.from({ length: 200 }, () => bump(db).then(() => committed++));
    const committedWhenAnswered = await answered;
    await Promise.all(burst);
    expect(committed).toBe(200);
    expect(committedWhenAnswered).toBeLessThan(200);
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
    const [first, second, third] = await turnsAtEach(0);
    expect(first).toBeGreaterThanOrEqual(1);
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
