/**
 * Firmware (BIOS) and system board facts from the DMI tables the kernel exposes under
 * /sys/class/dmi/id. Absent on most ARM boards and in containers; serial and UUID need root.
 */
import { type FactContext, readValue } from './fact-context.js';
import type { BiosFacts, SystemBoardFacts } from './system-facts.js';

const DMI = '/sys/class/dmi/id';

async function dmi(ctx: FactContext, name: string): Promise<string> {
  return (await readValue(ctx, `${DMI}/${name}`)) ?? '';
}

export async function biosFacts(ctx: FactContext): Promise<BiosFacts | undefined> {
  const [vendor, version, date] = await Promise.all(
    ['bios_vendor', 'bios_version', 'bios_date'].map((n) => dmi(ctx, n)),
  );
  if (!vendor && !version && !date) return undefined;
  return { vendor: vendor!, version: version!, ...(date ? { date } : {}) };
}

export async function systemBoardFacts(ctx: FactContext): Promise<SystemBoardFacts> {
  const names = [
    'sys_vendor',
    'product_name',
    'product_serial',
    'product_uuid',
    'product_version',
    'product_family',
    'product_sku',
  ];
  const [manufacturer, productName, serialNumber, uuid, version, family, sku] = await Promise.all(
    names.map((n) => dmi(ctx, n)),
  );
  const optional = { serialNumber, uuid, version, family, sku };
  return {
    manufacturer: manufacturer!,
    productName: productName!,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value)),
  };
}
