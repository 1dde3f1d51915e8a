import { describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.js';
import { type ListBody, listPages, mergePages } from './list-pages.js';

/** A collection of `total` numbered items served like the API: pages of ≤1000 and a continue token. */
function fakeClient(total: number) {
  const requests: Record<string, unknown>[] = [];
  const client = {
    async get(_path: string, query: Record<string, unknown>) {
      requests.push(query);
      const start = query.continue === undefined ? 0 : Number(query.continue);
      const end = Math.min(total, start + ((query.limit as number | undefined) ?? 1000));
      const items = Array.from({ length: end - start }, (_, i) => start + i);
      const more = end < total;
      return {
        status: 200,
        body: { metadata: more ? { continue: String(end), remainingItemCount: total - end } : {}, items },
      };
    },
  };
  return { client: client as unknown as ApiClient, requests };
}

async function collect(pages: AsyncIterable<ListBody>): Promise<ListBody[]> {
  const all: ListBody[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('listPages', () => {
  it('follows metadata.continue to the end without a limit, letting the server choose the page size', async () => {
    const { client, requests } = fakeClient(2500);
    const pages = await collect(listPages(client, '/devices', { labelSelector: 'a' }));
    expect(pages.map((p) => p.items.length)).toEqual([1000, 1000, 500]);
    expect(requests.map((q) => [q.continue, q.limit, q.labelSelector])).toEqual([
      [undefined, undefined, 'a'],
      ['1000', undefined, 'a'],
      ['2000', undefined, 'a'],
    ]);
  });

  it('stops at the limit, asking for no more than is left', async () => {
    const { client, requests } = fakeClient(2500);
    const pages = await collect(listPages(client, '/devices', { continue: '100' }, 1200));
    expect(pages.map((p) => p.items.length)).toEqual([1000, 200]);
    expect(requests.map((q) => [q.continue, q.limit])).toEqual([
      ['100', undefined],
      ['1100', 200],
    ]);
    expect(pages.at(-1)!.metadata).toEqual({ continue: '1300', remainingItemCount: 1200 });
  });
});

describe('mergePages', () => {
  it('one list: all items, the last metadata, per-page counts added up', () => {
    const summary = (n: number, status: string) => ({
      total: n,
      summaryStatus: { [status]: n },
      capabilities: { osMode: { image: n } },
    });
    const merged = mergePages([
      {
        apiVersion: 'v',
        kind: 'DeviceList',
        metadata: { continue: 't' },
        items: [1, 2],
        summary: summary(2, 'Online'),
      },
      { apiVersion: 'v', kind: 'DeviceList', metadata: {}, items: [3], summary: summary(1, 'Error') },
    ]);
    expect(merged).toEqual({
      apiVersion: 'v',
      kind: 'DeviceList',
      metadata: {},
      items: [1, 2, 3],
      summary: { total: 3, summaryStatus: { Online: 2, Error: 1 }, capabilities: { osMode: { image: 3 } } },
    });
  });
});
