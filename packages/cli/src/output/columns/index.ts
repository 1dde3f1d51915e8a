/** Which columns each kind's table has: the per-kind definitions, looked up by kind. */
import type { KindInfo, KindName } from '@flightctl/api';
import type { Column } from '../table.js';
import { authProviderColumns } from './auth-providers.js';
import { certificateSigningRequestColumns } from './certificate-signing-requests.js';
import type { ColumnOptions } from './common.js';
import { deviceColumns } from './devices.js';
import { enrollmentRequestColumns } from './enrollment-requests.js';
import { eventColumns } from './events.js';
import { fleetColumns } from './fleets.js';
import { organizationColumns } from './organizations.js';
import { repositoryColumns } from './repositories.js';
import { resourceSyncColumns } from './resource-syncs.js';
import { templateVersionColumns } from './template-versions.js';

export type { ColumnOptions } from './common.js';

const COLUMNS: Record<KindName, (options: ColumnOptions) => Column<unknown>[]> = {
  Device: deviceColumns,
  Fleet: fleetColumns,
  TemplateVersion: templateVersionColumns,
  Repository: repositoryColumns,
  ResourceSync: resourceSyncColumns,
  EnrollmentRequest: enrollmentRequestColumns,
  CertificateSigningRequest: certificateSigningRequestColumns,
  Event: eventColumns,
  AuthProvider: authProviderColumns,
  Organization: organizationColumns,
};

/** Every kind of KINDS has an entry, so any kind the argument parser resolved has columns. */
export function columnsFor(kind: KindInfo, options: ColumnOptions): Column<unknown>[] {
  return COLUMNS[kind.kind as KindName](options);
}
