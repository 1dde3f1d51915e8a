/** `get fleets`: NAME, OWNER, SELECTOR, VALID (+DEVICES with --summary). */
import type { Fleet } from '@flightctl/api';
import type { Column } from '../table.js';
import { type ColumnOptions, NONE, UNKNOWN, conditionStatus, labelList } from './common.js';

export function fleetColumns(options: ColumnOptions): Column<Fleet>[] {
  const columns: Column<Fleet>[] = [
    { header: 'NAME', cell: (f) => f.metadata.name ?? '' },
    { header: 'OWNER', cell: (f) => f.metadata.owner || NONE },
    { header: 'SELECTOR', cell: (f) => (f.spec.selector ? labelList(f.spec.selector.matchLabels) : NONE) },
    { header: 'VALID', cell: (f) => conditionStatus(f.status?.conditions, 'Valid'), status: true },
  ];
  if (options.summary) {
    // Filled by the server only when asked (?addDevicesSummary=true).
    columns.push({ header: 'DEVICES', cell: (f) => String(f.status?.devicesSummary?.total ?? UNKNOWN) });
  }
  return columns;
}
