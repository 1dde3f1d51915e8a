/** `get enrollmentrequests`: NAME, APPROVAL, APPROVER, APPROVED LABELS. */
import type { EnrollmentRequest } from '@flightctl/api';
import type { Column } from '../table.js';
import { NONE, labelList } from './common.js';

export function enrollmentRequestColumns(): Column<EnrollmentRequest>[] {
  const approval = (e: EnrollmentRequest) => e.status?.approval;
  return [
    { header: 'NAME', cell: (e) => e.metadata.name ?? '' },
    {
      header: 'APPROVAL',
      cell: (e) => {
        const a = approval(e);
        return a ? (a.approved ? 'Approved' : 'Denied') : 'Pending';
      },
      status: true,
    },
    { header: 'APPROVER', cell: (e) => approval(e)?.approvedBy || NONE },
    { header: 'APPROVED LABELS', cell: (e) => labelList(approval(e)?.labels) },
  ];
}
