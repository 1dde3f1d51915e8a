import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Organization, OrganizationList } from './organization.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));

const org: Organization = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Organization',
  metadata: { name: '00000000-0000-0000-0000-000000000000' },
  spec: { displayName: 'Default', externalId: 'default' },
};

describe('Organization schema', () => {
  it('accepts an organization with and without spec, and a list', () => {
    expect(ajv.validate(Organization, org)).toBe(true);
    expect(ajv.validate(Organization, { ...org, spec: undefined })).toBe(true);
    expect(
      ajv.validate(OrganizationList, { apiVersion: 'v1beta1', kind: 'OrganizationList', metadata: {}, items: [org] }),
    ).toBe(true);
  });

  it('rejects unknown spec fields and a missing metadata', () => {
    expect(ajv.validate(Organization, { ...org, spec: { owner: 'x' } })).toBe(false);
    const { metadata: _m, ...noMetadata } = org;
    expect(ajv.validate(Organization, noMetadata)).toBe(false);
  });
});
