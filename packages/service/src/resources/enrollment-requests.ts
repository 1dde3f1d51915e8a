/** EnrollmentRequests (ref/api.md §4.7, §6.6): tied to the device of the same name once approved. */
import {
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  ApiError,
  EnrollmentRequest,
  FIELD_CATALOGS,
  MSG_ALREADY_EXISTS,
  badRequest,
  validateEnrollmentRequest,
} from '@flightctl/api';
import { enrollmentRequests } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';

export const enrollmentRequestKind: ResourceKind<EnrollmentRequest> = {
  kind: 'EnrollmentRequest',
  listKind: 'EnrollmentRequestList',
  plural: 'enrollmentrequests',
  schema: EnrollmentRequest,
  validate: validateEnrollmentRequest,
  store: (s) => s.enrollmentRequests.withType<EnrollmentRequest>(),
  initialStatus: () => ({ conditions: [] }),
  catalog: FIELD_CATALOGS.EnrollmentRequest,
  columns: SELECTABLE_COLUMNS.EnrollmentRequest,
  labels: enrollmentRequests.labels,
  beforeCreate(_h, er) {
    // A device that knew a rendered version before (e.g. after a restore) must confirm its state first.
    const known = er.spec.knownRenderedVersion;
    if (known && known !== '0') er.metadata.annotations = { [DEVICE_ANNOTATION_AWAITING_RECONNECT]: 'true' };
  },
  async beforeUpdate({ ctx, tx }, current) {
    if (await tx.devices.get(ctx.orgId, current.metadata.name!)) throw badRequest(MSG_ALREADY_EXISTS);
  },
  async beforeDelete({ ctx, tx }, er) {
    const name = er.metadata.name!;
    if (await tx.devices.get(ctx.orgId, name)) throw new ApiError(409, `cannot delete ER "${name}": device exists`);
  },
};
