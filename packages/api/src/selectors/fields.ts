/**
 * The field-selector names each kind supports and their types (api.md §5.5). Labels and
 * annotations are not selectable here: label selectors cover them.
 */
import type { FieldCatalog, SelectableField } from './types.js';

const text: SelectableField = { type: 'string' };
/** A string inside the JSONB spec or status: equality only, no partial matching. */
const jsonText: SelectableField = { type: 'string', jsonb: true };

const COMMON = {
  'metadata.name': text,
  'metadata.owner': text,
  'metadata.creationTimestamp': { type: 'timestamp' },
} as const satisfies FieldCatalog;

const DEVICE = {
  ...COMMON,
  'metadata.alias': text,
  'metadata.nameOrAlias': text,
  'status.summary.status': jsonText,
  'status.applicationsSummary.status': jsonText,
  'status.updated.status': jsonText,
  'status.lifecycle.status': jsonText,
  'status.capabilities.osMode': jsonText,
} as const satisfies FieldCatalog;

export const FIELD_CATALOGS = {
  Device: DEVICE,
  Fleet: { ...COMMON, 'spec.template.spec.os.image': jsonText },
  Repository: {
    ...COMMON,
    'spec.type': jsonText,
    'spec.url': jsonText,
    'spec.registry': jsonText,
    'spec.accessMode': jsonText,
  },
  ResourceSync: { ...COMMON, 'spec.repository': jsonText, 'spec.type': jsonText },
  EnrollmentRequest: {
    ...COMMON,
    'status.approval.approved': { type: 'boolean', jsonb: true },
    'status.certificate': jsonText,
  },
  CertificateSigningRequest: { ...COMMON, 'status.certificate': jsonText },
  Event: {
    ...COMMON,
    reason: text,
    type: text,
    actor: text,
    'involvedObject.kind': text,
    'involvedObject.name': text,
  },
  AuthProvider: COMMON,
  /** `metadata.owner` here is the bare fleet name (upstream maps it to the fleet_name column). */
  TemplateVersion: COMMON,
} as const satisfies Record<string, FieldCatalog>;

export type SelectableKind = keyof typeof FIELD_CATALOGS;

/** `GET /labels?kind=Device`: device fields plus the label rows' key and value. */
export const LABELS_FIELD_CATALOG = {
  ...DEVICE,
  'metadata.labels.key': text,
  'metadata.labels.value': text,
  'metadata.labels.keyOrValue': text,
} as const satisfies FieldCatalog;
