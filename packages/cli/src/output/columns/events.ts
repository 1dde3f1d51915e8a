/** `get events`: AGE, INVOLVEDOBJECT.KIND, INVOLVEDOBJECT.NAME, TYPE, MESSAGE. */
import type { Event } from '@flightctl/api';
import { humanizeTime } from '../humanize-time.js';
import type { Column } from '../table.js';
import type { ColumnOptions } from './common.js';

export function eventColumns(options: ColumnOptions): Column<Event>[] {
  return [
    { header: 'AGE', cell: (e) => humanizeTime(e.metadata.creationTimestamp ?? options.now, options.now) },
    { header: 'INVOLVEDOBJECT.KIND', cell: (e) => e.involvedObject.kind },
    { header: 'INVOLVEDOBJECT.NAME', cell: (e) => e.involvedObject.name },
    { header: 'TYPE', cell: (e) => e.type, status: true },
    { header: 'MESSAGE', cell: (e) => e.message },
  ];
}
