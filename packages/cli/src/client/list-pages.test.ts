import { describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.js';
import { type ListBody, leadingContinueToken, listPages, mergePages } from './list-pages.js';

interface FakeOptions {
  query: Record<string, unknown>;
  onBodyStart?: (start: string) => void;
}

/**
 * A collection of `total` numbered items served like the API: pages of ≤1000 and a continue token,
 * the envelope first as the service writes it. With `hold`, each body's first bytes arrive at once
 * and the rest only when the test calls `release()`.
 */
function fakeClient(total: number, hold = false) {
  const requests: Record<string, unknown>[] = [];
  const held: (() => void)[] = [];
  const client = {
    requestText(_method: string, _path: string, { query, onBodyStart }: FakeOptions) {
      requests.push(query);
      const start = query.continue === undefined ? 0 : Number(query.continue);
      const end = Math.min(total, start + ((query.limit as number | undefined) ?? 1000));
      const items = Array.from({ length: end - start }, (_, i) => start + i);
      const more = end < total;
      const metadata = more ? { continue: String(end), remainingItemCount: total - end } : {};
      const text = JSON.stringify({ apiVersion: 'v', kind: 'L', metadata, items });
      onBodyStart?.(text.slice(0, 100));
      const response = { status: 200, text };
      return hold ? new Promise((resolve) => held.push(() => resolve(response))) : Promise.resolve(response);
    },
  };
  const release = () => held.splice(0).forEach((resolve) => resolve());
  return { client: client as unknown as ApiClient, requests, release };
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

  it('asks for the next page as soon as the first bytes of this one show its token', async () => {
    const { client, requests, release } = fakeClient(2500, true);
    const pages = listPages(client, '/devices', {});
    const first = pages.next();
    await new Promise((resolve) => setImmediate(resolve));
    // The first body is still in transit, and the second page is already asked for.
    expect(requests.map((q) => q.continue)).toEqual([undefined, '1000']);
    release();
    expect((await first).value!.items).toHaveLength(1000);
    await pages.return();
    release();
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

describe('leadingContinueToken', () => {
  it('reads the token from a compact envelope that comes before the items, and nothing else', () => {
    const page = (metadata: string) =>
      `{"apiVersion":"flightctl.io/v1beta1","kind":"DeviceList","metadata":${metadata},"items":[]}`;
    expect(leadingContinueToken(page('{"continue":"eyJW","remainingItemCount":9}'))).toBe('eyJW');
    expect(leadingContinueToken(page('{}'))).toBe('');
    // Items first (upstream's field order), spaced JSON, or a token the pattern cannot hold: parse first.
    expect(
      leadingContinueToken('{"apiVersion":"v","items":[],"kind":"K","metadata":{"continue":"x"}}'),
    ).toBeUndefined();
    expect(leadingContinueToken('{ "apiVersion": "v", "kind": "K", "metadata": {"continue": "x"}}')).toBeUndefined();
    expect(leadingContinueToken(page('{"continue":"a}b"}'))).toBeUndefined();
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
