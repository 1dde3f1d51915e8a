import { describe, expect, it } from 'vitest';
import { validateLabelMap, validateMetadata, validateNameReference } from './metadata-validation.js';

describe('metadata validation', () => {
  it('accepts a DNS-1123 name and Kubernetes labels', () => {
    expect(validateMetadata({ name: 'pos-fleet.eu-1', labels: { 'app.kubernetes.io/name': 'pos', tier: '' } })).toEqual(
      [],
    );
  });

  it('requires a name and checks its format', () => {
    expect(validateMetadata({})).toEqual([{ path: 'metadata.name', message: 'is required' }]);
    expect(validateMetadata({ name: 'Pos_Fleet' }).map((e) => e.path)).toEqual(['metadata.name']);
    expect(validateNameReference('a'.repeat(254), 'spec.repository')).toMatchObject([{ path: 'spec.repository' }]);
  });

  it('names the offending label key', () => {
    expect(validateLabelMap({ 'bad key': 'v', ok: 'bad value' }, 'spec.labels')).toEqual([
      { path: 'spec.labels', message: expect.stringContaining('key "bad key"') },
      { path: 'spec.labels', message: expect.stringContaining('value of "ok"') },
    ]);
    expect(validateLabelMap(undefined, 'labels')).toEqual([]);
  });
});
