/**
 * What the benchmark does to the simulated fleet through the user API, as a user would: list the
 * devices, count their states (summaryOnly), and change device specs (read, then PUT, again on a
 * resourceVersion conflict, since the agents write the same devices' status meanwhile).
 */
const SIMULATED = 'created_by=device-simulator';
const PAGE = 1000;
const RENDERED_VERSION = 'device-controller/renderedVersion';
const MAX_ATTEMPTS = 20;

export interface Device {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: Record<string, unknown>;
  status?: { config?: { renderedVersion?: string }; summary?: { status?: string } };
}

export interface FleetSummary {
  total: number;
  summaryStatus: Record<string, number>;
  updateStatus: Record<string, number>;
}

export const renderedVersionOf = (d: Device) => d.metadata.annotations?.[RENDERED_VERSION];
/** The simulator's index N of a device, from its alias device-N. */
export const deviceIndex = (d: Device) => Number(d.metadata.labels?.alias?.slice('device-'.length));

export class FleetApi {
  constructor(private readonly base: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status !== 200)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body;
  }

  /** Every simulated device (and `extra` selector terms), page by page. */
  async devices(extra = ''): Promise<Device[]> {
    const selector = encodeURIComponent(extra ? `${SIMULATED},${extra}` : SIMULATED);
    const all: Device[] = [];
    let token: string | undefined;
    do {
      const page = await this.ok<{ items: Device[]; metadata: { continue?: string } }>(
        'GET',
        `/devices?labelSelector=${selector}&limit=${PAGE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      all.push(...page.items);
      token = page.metadata.continue;
    } while (token);
    return all;
  }

  async summary(): Promise<FleetSummary> {
    const list = await this.ok<{ summary: FleetSummary }>(
      'GET',
      `/devices?summaryOnly=true&labelSelector=${encodeURIComponent(SIMULATED)}`,
    );
    return list.summary;
  }

  async device(name: string): Promise<Device> {
    return this.ok<Device>('GET', `/devices/${name}`);
  }

  /** Applies `change` to the stored device and PUTs it; returns when the PUT was sent and answered. */
  async update(
    name: string,
    change: (device: Device) => void,
  ): Promise<{ sentMs: number; doneMs: number; version: string }> {
    for (let attempt = 1; ; attempt++) {
      const device = await this.device(name);
      change(device);
      const sentMs = Date.now();
      const res = await this.call<Device & { message?: string }>('PUT', `/devices/${name}`, {
        ...device,
        status: undefined,
      });
      if (res.status === 200) return { sentMs, doneMs: Date.now(), version: renderedVersionOf(res.body) ?? '' };
      // An agent's status write came first: read again and retry.
      const modified = res.status === 409 && res.body.message?.includes('has been modified');
      if (!modified || attempt >= MAX_ATTEMPTS)
        throw new Error(`PUT /devices/${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  }
}

/** Runs `task` over `items`, `concurrency` at a time. */
export async function inPool<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!);
      }
    }),
  );
  return results;
}
