/** `get repositories`: NAME, TYPE, REPOSITORY URL, ACCESSIBLE. */
import type { Repository } from '@flightctl/api';
import type { Column } from '../table.js';
import { conditionStatus } from './common.js';

export function repositoryColumns(): Column<Repository>[] {
  return [
    { header: 'NAME', cell: (r) => r.metadata.name ?? '' },
    { header: 'TYPE', cell: (r) => r.spec.type },
    // Upstream prints the spec's `url`, which OCI repositories do not have (they name a registry).
    { header: 'REPOSITORY URL', cell: (r) => ('url' in r.spec ? r.spec.url : '') },
    { header: 'ACCESSIBLE', cell: (r) => conditionStatus(r.status?.conditions, 'Accessible'), status: true },
  ];
}
