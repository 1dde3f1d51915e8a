import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDED_SHARED_BUFFERS, openPglite } from './pglite-open.js';

const sharedBuffers = async (client: PGlite) =>
  (await client.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]!.shared_buffers;

describe('opening the embedded database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flightctl-pglite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a new data directory with the small buffer cache, and keeps its data across the reopen', async () => {
    const client = await openPglite(join(dir, 'db'));
    expect(await sharedBuffers(client)).toBe(EMBEDDED_SHARED_BUFFERS);
    await client.exec('create table kept (n int); insert into kept values (7)');
    await client.close();
    const again = await openPglite(join(dir, 'db'));
    expect(await sharedBuffers(again)).toBe(EMBEDDED_SHARED_BUFFERS);
    expect((await again.query<{ n: number }>('select n from kept')).rows).toEqual([{ n: 7 }]);
    await again.close();
  });

  it('switches a data directory made with the 128 MB default, and leaves a size an operator set alone', async () => {
    const plain = new PGlite(join(dir, 'db'));
    expect(await sharedBuffers(plain)).toBe('128MB');
    await plain.close();
    const switched = await openPglite(join(dir, 'db'));
    expect(await sharedBuffers(switched)).toBe(EMBEDDED_SHARED_BUFFERS);
    await switched.exec("alter system set shared_buffers = '64MB'");
    await switched.close();
    const operators = await openPglite(join(dir, 'db'));
    expect(await sharedBuffers(operators)).toBe('64MB');
    await operators.close();
  });
});
