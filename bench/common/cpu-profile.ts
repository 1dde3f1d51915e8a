/**
 * A CPU profile of another Node process over a period, through its inspector (the process runs with
 * `--inspect=127.0.0.1:0` and prints the address): the profiler runs only while asked, so the
 * profile covers just the measured window. Also the functions that took the most CPU in it, and the
 * process's memory by kind.
 */
import { WebSocket } from 'undici';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export class InspectorProfiler {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async connect(url: string): Promise<InspectorProfiler> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
    });
    return new InspectorProfiler(socket);
  }

  private call<T>(method: string, params?: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, (result) => resolve(result as T));
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The process's own account of its memory (`process.memoryUsage()`): how much of its RSS is the JS heap. */
  async memoryUsage(): Promise<NodeJS.MemoryUsage> {
    const { result } = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
    });
    return JSON.parse(result.value) as NodeJS.MemoryUsage;
  }

  async start(): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.call<{ profile: CpuProfile }>('Profiler.stop');
    this.socket.close();
    return profile;
  }
}

/** The functions with the most CPU time of their own and, counting their callees, in all (ms), idle left out. */
export function hotFunctions(
  profile: CpuProfile,
  top: number,
): { self: [string, number][]; total: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const name = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, ms] of time) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    self.set(name(id), (self.get(name(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(at);
      if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + ms);
      seen.add(key);
    }
  }
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { self: ranked(self), total: ranked(total) };
}
