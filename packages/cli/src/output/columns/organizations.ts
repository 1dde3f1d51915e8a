/** `get organizations`: NAME, DISPLAY NAME, EXTERNAL ID. */
import type { Organization } from '@flightctl/api';
import type { Column } from '../table.js';
import { NONE } from './common.js';

export function organizationColumns(): Column<Organization>[] {
  return [
    { header: 'NAME', cell: (o) => o.metadata.name ?? '' },
    { header: 'DISPLAY NAME', cell: (o) => o.spec?.displayName ?? NONE },
    { header: 'EXTERNAL ID', cell: (o) => o.spec?.externalId ?? NONE },
  ];
}
