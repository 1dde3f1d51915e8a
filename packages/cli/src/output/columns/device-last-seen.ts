/** `get device/NAME --last-seen`: LAST SEEN, TIME AGO; `<never>` when the device never called in (204). */
import type { DeviceLastSeen } from '@flightctl/api';
import { humanizeTime, rfc3339 } from '../humanize-time.js';
import type { Column } from '../table.js';
import type { ColumnOptions } from './common.js';

const NEVER = '<never>';

export function deviceLastSeenColumns(options: ColumnOptions): Column<DeviceLastSeen | undefined>[] {
  return [
    { header: 'LAST SEEN', cell: (s) => (s ? rfc3339(s.lastSeen) : NEVER) },
    { header: 'TIME AGO', cell: (s) => (s ? humanizeTime(s.lastSeen, options.now) : NEVER) },
  ];
}
