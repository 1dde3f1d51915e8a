/** `get csr`: NAME, AGE, SIGNERNAME, REQUESTOR, REQUESTEDDURATION, CONDITION. */
import type { CertificateSigningRequest } from '@flightctl/api';
import { goDuration } from '../humanize-time.js';
import type { Column } from '../table.js';
import { type ColumnOptions, NONE, findCondition } from './common.js';

/** Approved, Denied or Failed (the first that is True), else Pending; ",Issued" once signed. */
function condition(csr: CertificateSigningRequest): string {
  const conditions = csr.status?.conditions;
  const state = ['Approved', 'Denied', 'Failed'].find((t) => findCondition(conditions, t)?.status === 'True');
  return (state ?? 'Pending') + (csr.status?.certificate ? ',Issued' : '');
}

export function certificateSigningRequestColumns(options: ColumnOptions): Column<CertificateSigningRequest>[] {
  return [
    { header: 'NAME', cell: (c) => c.metadata.name ?? '' },
    {
      header: 'AGE',
      cell: (c) => {
        const created = c.metadata.creationTimestamp;
        return created ? goDuration((options.now.getTime() - new Date(created).getTime()) / 1000) : NONE;
      },
    },
    { header: 'SIGNERNAME', cell: (c) => c.spec.signerName },
    { header: 'REQUESTOR', cell: (c) => c.spec.username || NONE },
    {
      header: 'REQUESTEDDURATION',
      cell: (c) => (c.spec.expirationSeconds === undefined ? NONE : goDuration(c.spec.expirationSeconds)),
    },
    { header: 'CONDITION', cell: condition, status: true },
  ];
}
