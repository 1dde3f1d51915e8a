/**
 * GPUs: PCI display controllers under /sys/bus/pci/devices, named from an optional hardware map
 * (vendor and device IDs → names, as `flightctl-agent system-info --hardware-map` takes), plus the
 * integrated GPUs of device-tree platforms (NVIDIA Jetson) found under /sys/bus/platform/devices.
 */
import { parse } from 'yaml';
import { type FactContext, readValue } from './fact-context.js';
import type { GpuFacts } from './system-facts.js';

const PCI_DEVICES = '/sys/bus/pci/devices';
const PLATFORM_DEVICES = '/sys/bus/platform/devices';

interface HardwareMapModel {
  pciID?: string;
  pciName?: string;
  memoryBytes?: number;
  architecture?: string;
  features?: string[];
}
interface HardwareMapVendor {
  vendorID?: string;
  vendorName?: string;
  models?: HardwareMapModel[];
}

// Device-tree `compatible` strings of integrated GPUs and what they are.
const PLATFORM_GPUS: Record<string, { vendor: string; model: string; architecture: string }> = {
  'nvidia,gm20b': { vendor: 'NVIDIA', model: 'GM20B', architecture: 'Maxwell' },
  'nvidia,gp10b': { vendor: 'NVIDIA', model: 'GP10B', architecture: 'Pascal' },
  'nvidia,gv11b': { vendor: 'NVIDIA', model: 'GV11B', architecture: 'Volta' },
  'nvidia,ga10b': { vendor: 'NVIDIA', model: 'GA10B', architecture: 'Ampere' },
};

// Where drivers report a GPU's memory, and the unit multiplier of each.
const MEMORY_FILES: [string, number][] = [
  ['resource2_size', 1],
  ['driver/vram_size_MB', 1024 * 1024],
  ['driver/mem_info_vram_total', 1],
  ['driver/mem_info/vram_size', 1],
];

/** PCI class codes of VGA-compatible (0x0300xx), 3D (0x0302xx) and other display (0x0380xx) controllers. */
function isDisplayController(classCode: string): boolean {
  const code = classCode.toLowerCase();
  return code.startsWith('0x0300') || code.startsWith('0x0380') || code === '0x030200';
}

async function loadHardwareMap(ctx: FactContext, mapPath: string | undefined): Promise<Map<string, HardwareMapVendor>> {
  const byVendor = new Map<string, HardwareMapVendor>();
  if (mapPath === undefined) return byVendor;
  try {
    const text = await ctx.root.readFile(mapPath);
    const vendors = text === undefined ? [] : (parse(text) as unknown);
    if (!Array.isArray(vendors)) throw new Error('expected a list of vendors');
    for (const vendor of vendors as HardwareMapVendor[]) if (vendor?.vendorID) byVendor.set(vendor.vendorID, vendor);
  } catch (err) {
    ctx.logger.warn({ err, path: mapPath }, 'hardware map unusable; GPUs are named from sysfs only');
  }
  return byVendor;
}

async function gpuMemory(ctx: FactContext, devicePath: string): Promise<number | undefined> {
  for (const [file, multiplier] of MEMORY_FILES) {
    const value = await readValue(ctx, `${devicePath}/${file}`);
    if (value === undefined) continue;
    if (/^\d+$/.test(value)) return Number(value) * multiplier;
    if (/^0x[0-9a-f]+$/i.test(value)) return parseInt(value.slice(2), 16) * multiplier;
  }
  return undefined;
}

async function pciGpus(ctx: FactContext, hardwareMap: Map<string, HardwareMapVendor>): Promise<GpuFacts[]> {
  const gpus: GpuFacts[] = [];
  for (const address of await ctx.root.readDir(PCI_DEVICES)) {
    const dir = `${PCI_DEVICES}/${address}`;
    const classCode = await readValue(ctx, `${dir}/class`);
    if (classCode === undefined || !isDisplayController(classCode)) continue;
    const [vendorId, deviceId, revisionId] = await Promise.all(
      ['vendor', 'device', 'revision'].map((f) => readValue(ctx, `${dir}/${f}`)),
    );
    const vendor = vendorId === undefined ? undefined : hardwareMap.get(vendorId);
    const model = vendor?.models?.find((m) => m.pciID === deviceId);
    const gpu: GpuFacts = {
      index: gpus.length,
      vendor: vendor?.vendorName || ((await readValue(ctx, `${dir}/vendor_name`)) ?? ''),
      model: model?.pciName || ((await readValue(ctx, `${dir}/device_name`)) ?? ''),
      pciAddress: address,
      ...(vendorId ? { vendorId } : {}),
      ...(deviceId ? { deviceId } : {}),
      ...(revisionId ? { revisionId } : {}),
    };
    const memoryBytes = model?.memoryBytes || (await gpuMemory(ctx, dir));
    if (memoryBytes) gpu.memoryBytes = memoryBytes;
    if (model?.architecture) gpu.architecture = model.architecture;
    if (model?.features?.length) gpu.features = model.features;
    gpus.push(gpu);
  }
  return gpus;
}

function parseUevent(text: string): Map<string, string> {
  const entries = text.split('\n').map((line) => line.trim().split(/=(.*)/s, 2) as [string, string?]);
  return new Map(entries.filter(([, value]) => value !== undefined) as [string, string][]);
}

async function platformGpus(ctx: FactContext, firstIndex: number): Promise<GpuFacts[]> {
  const gpus: GpuFacts[] = [];
  for (const name of await ctx.root.readDir(PLATFORM_DEVICES)) {
    const dir = `${PLATFORM_DEVICES}/${name}`;
    const uevent = parseUevent((await readValue(ctx, `${dir}/uevent`)) ?? '');
    if (uevent.get('OF_NAME') !== 'gpu') continue;
    let compatible: string | undefined;
    for (let i = 0; uevent.has(`OF_COMPATIBLE_${i}`) && !compatible; i++) {
      const candidate = uevent.get(`OF_COMPATIBLE_${i}`)!;
      if (PLATFORM_GPUS[candidate]) compatible = candidate;
    }
    if (!compatible) continue;
    const memoryBytes = await gpuMemory(ctx, dir);
    gpus.push({
      index: firstIndex + gpus.length,
      ...PLATFORM_GPUS[compatible]!,
      deviceId: compatible,
      ...(memoryBytes ? { memoryBytes } : {}),
    });
  }
  return gpus;
}

export async function gpuFacts(ctx: FactContext, hardwareMapPath: string | undefined): Promise<GpuFacts[]> {
  const pci = await pciGpus(ctx, await loadHardwareMap(ctx, hardwareMapPath));
  return [...pci, ...(await platformGpus(ctx, pci.length))];
}

/** The `gpu` system-info value: `[0] Vendor Model`, one per GPU, joined with `.` as upstream does. */
export function gpuSummary(gpus: GpuFacts[] | undefined): string {
  return (gpus ?? []).map((gpu, i) => `[${i}] ${gpu.vendor} ${gpu.model}`).join('.');
}
