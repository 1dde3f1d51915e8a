/** `get devices`: NAME, ALIAS, OWNER, SYSTEM, UPDATED, APPLICATIONS (+LABELS wide). */
import type { Device } from '@flightctl/api';
import type { Column } from '../table.js';
import { type ColumnOptions, NONE, UNKNOWN, labelList } from './common.js';

export function deviceColumns(options: ColumnOptions): Column<Device>[] {
  const columns: Column<Device>[] = [
    { header: 'NAME', cell: (d) => d.metadata.name ?? '' },
    { header: 'ALIAS', cell: (d) => d.metadata.labels?.alias ?? '' },
    { header: 'OWNER', cell: (d) => d.metadata.owner || NONE },
    { header: 'SYSTEM', cell: (d) => d.status?.summary?.status ?? UNKNOWN, status: true },
    { header: 'UPDATED', cell: (d) => d.status?.updated?.status ?? UNKNOWN, status: true },
    { header: 'APPLICATIONS', cell: (d) => d.status?.applicationsSummary?.status ?? UNKNOWN, status: true },
  ];
  if (options.wide) columns.push({ header: 'LABELS', cell: (d) => labelList(d.metadata.labels) });
  return columns;
}
