/** `get resourcesyncs`: NAME, REPOSITORY, PATH, REVISION, ACCESSIBLE, SYNCED, LAST SYNC. */
import type { ResourceSync } from '@flightctl/api';
import { humanizeTime } from '../humanize-time.js';
import type { Column } from '../table.js';
import { type ColumnOptions, UNKNOWN, conditionStatus, findCondition } from './common.js';

export function resourceSyncColumns(options: ColumnOptions): Column<ResourceSync>[] {
  return [
    { header: 'NAME', cell: (rs) => rs.metadata.name ?? '' },
    { header: 'REPOSITORY', cell: (rs) => rs.spec.repository },
    { header: 'PATH', cell: (rs) => rs.spec.path },
    { header: 'REVISION', cell: (rs) => rs.spec.targetRevision },
    { header: 'ACCESSIBLE', cell: (rs) => conditionStatus(rs.status?.conditions, 'Accessible'), status: true },
    { header: 'SYNCED', cell: (rs) => conditionStatus(rs.status?.conditions, 'Synced'), status: true },
    {
      header: 'LAST SYNC',
      cell: (rs) => {
        const synced = findCondition(rs.status?.conditions, 'Synced');
        return synced ? humanizeTime(synced.lastTransitionTime, options.now) : UNKNOWN;
      },
    },
  ];
}
