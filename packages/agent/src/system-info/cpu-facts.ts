/**
 * CPU facts from /proc/cpuinfo. Logical processors are grouped by `physical id` (the socket) and
 * counted per `core id`; where the kernel omits those (most ARM systems) each logical processor counts
 * as its own package and core, as upstream's agent counts them.
 */
import { type FactContext, readValue } from './fact-context.js';
import { architecture } from './host-facts.js';
import type { CpuFacts, ProcessorFacts } from './system-facts.js';

interface LogicalProcessor {
  processor?: number;
  physicalId?: number;
  coreId?: number;
  vendor: string;
  model: string;
}

function integer(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** One entry per `processor` block; lines after the last block (ARM's `Hardware`, `Serial`) join it. */
function logicalProcessors(cpuinfo: string): LogicalProcessor[] {
  const blocks: LogicalProcessor[] = [];
  let current: LogicalProcessor | undefined;
  for (const line of cpuinfo.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor' || current === undefined) {
      current = { vendor: '', model: '' };
      blocks.push(current);
    }
    if (key === 'processor') current.processor = integer(value);
    else if (key === 'physical id') current.physicalId = integer(value);
    else if (key === 'core id') current.coreId = integer(value);
    else if (key === 'vendor_id') current.vendor = value;
    else if (key === 'model name') current.model = value;
  }
  return blocks;
}

export function parseCpuInfo(cpuinfo: string): CpuFacts {
  const packages = new Map<number, ProcessorFacts & { cores: Set<number> }>();
  let totalCores = 0;
  logicalProcessors(cpuinfo).forEach((cpu, index) => {
    const packageId = cpu.physicalId ?? cpu.processor ?? index;
    const coreId = cpu.coreId ?? cpu.processor ?? index;
    let pkg = packages.get(packageId);
    if (!pkg) {
      pkg = {
        id: packageId,
        numCores: 0,
        numThreads: 0,
        numThreadsPerCore: 0,
        vendor: '',
        model: '',
        cores: new Set(),
      };
      packages.set(packageId, pkg);
    }
    pkg.vendor ||= cpu.vendor;
    pkg.model ||= cpu.model;
    pkg.numThreads++;
    if (!pkg.cores.has(coreId)) {
      pkg.cores.add(coreId);
      pkg.numCores++;
      totalCores++;
    }
  });

  const processors = [...packages.values()]
    .sort((a, b) => a.id - b.id)
    .map(({ cores: _cores, ...pkg }) => ({
      ...pkg,
      numThreadsPerCore: pkg.numCores > 0 ? Math.floor(pkg.numThreads / pkg.numCores) : 1,
    }));
  const totalThreads = processors.reduce((sum, p) => sum + p.numThreads, 0);
  if (processors.length === 0) {
    // A cpuinfo without processor blocks still describes one CPU.
    processors.push({ id: 0, numCores: 1, numThreads: 1, numThreadsPerCore: 1, vendor: '', model: '' });
    return { total_cores: 1, total_threads: 1, architecture: architecture(), processors };
  }
  return { total_cores: totalCores, total_threads: totalThreads, architecture: architecture(), processors };
}

export async function cpuFacts(ctx: FactContext): Promise<CpuFacts | undefined> {
  const cpuinfo = await readValue(ctx, '/proc/cpuinfo');
  return cpuinfo === undefined ? undefined : parseCpuInfo(cpuinfo);
}
