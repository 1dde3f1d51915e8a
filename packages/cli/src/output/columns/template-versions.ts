/** `get templateversions --fleetname F`: FLEET, NAME. */
import type { TemplateVersion } from '@flightctl/api';
import type { Column } from '../table.js';

export function templateVersionColumns(): Column<TemplateVersion>[] {
  return [
    { header: 'FLEET', cell: (tv) => tv.spec.fleet },
    { header: 'NAME', cell: (tv) => tv.metadata.name ?? '' },
  ];
}
