import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGS, LABELS_FIELD_CATALOG } from './fields.js';
import type { FieldCatalog } from './types.js';

const COMMON = ['metadata.creationTimestamp', 'metadata.name', 'metadata.owner'];

describe('FIELD_CATALOGS', () => {
  it.each([
    [
      'Device',
      [
        'metadata.alias',
        'metadata.nameOrAlias',
        'status.applicationsSummary.status',
        'status.capabilities.osMode',
        'status.lifecycle.status',
        'status.summary.status',
        'status.updated.status',
      ],
    ],
    ['Fleet', ['spec.template.spec.os.image']],
    ['Repository', ['spec.accessMode', 'spec.registry', 'spec.type', 'spec.url']],
    ['ResourceSync', ['spec.repository', 'spec.type']],
    ['EnrollmentRequest', ['status.approval.approved', 'status.certificate']],
    ['CertificateSigningRequest', ['status.certificate']],
    ['Event', ['actor', 'involvedObject.kind', 'involvedObject.name', 'reason', 'type']],
    ['AuthProvider', []],
    ['TemplateVersion', []],
  ] as const)('%s has the common fields plus its own', (kind, extra) => {
    expect(Object.keys(FIELD_CATALOGS[kind]).sort()).toEqual([...COMMON, ...extra].sort());
  });

  it('types the common fields', () => {
    for (const catalog of Object.values(FIELD_CATALOGS)) {
      expect(catalog['metadata.name']).toEqual({ type: 'string' });
      expect(catalog['metadata.owner']).toEqual({ type: 'string' });
      expect(catalog['metadata.creationTimestamp']).toEqual({ type: 'timestamp' });
    }
  });

  it('marks spec and status fields as JSON-backed and the rest as columns', () => {
    const catalogs: FieldCatalog[] = [...Object.values(FIELD_CATALOGS), LABELS_FIELD_CATALOG];
    for (const catalog of catalogs) {
      for (const [name, field] of Object.entries(catalog)) {
        expect(Boolean(field.jsonb), name).toBe(/^(spec|status)\./.test(name));
      }
    }
    expect(FIELD_CATALOGS.EnrollmentRequest['status.approval.approved']).toEqual({ type: 'boolean', jsonb: true });
  });
});

describe('LABELS_FIELD_CATALOG', () => {
  it('is the device catalog plus the label key and value', () => {
    expect(LABELS_FIELD_CATALOG).toEqual({
      ...FIELD_CATALOGS.Device,
      'metadata.labels.key': { type: 'string' },
      'metadata.labels.value': { type: 'string' },
      'metadata.labels.keyOrValue': { type: 'string' },
    });
  });
});
