/** Total memory, from the `MemTotal` line of /proc/meminfo (in kB, as the kernel reports it). */
import { type FactContext, readValue } from './fact-context.js';
import type { MemoryFacts } from './system-facts.js';

export async function memoryFacts(ctx: FactContext): Promise<MemoryFacts | undefined> {
  const meminfo = await readValue(ctx, '/proc/meminfo');
  const total = meminfo && /^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1];
  return total ? { totalKb: Number(total) } : undefined;
}
