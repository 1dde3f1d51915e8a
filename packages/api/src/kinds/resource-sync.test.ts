import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ResourceSync, ResourceSyncList, validateResourceSync } from './resource-sync.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validResourceSync = ajv.compile(ResourceSync);

const rs: ResourceSync = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'ResourceSync',
  metadata: { name: 'fleets-from-git', labels: { team: 'edge' } },
  spec: { repository: 'site-config', targetRevision: 'release/1.4', path: '/fleets', type: 'fleet' },
  status: {
    observedCommit: '4f1c2a9',
    observedGeneration: 2,
    conditions: [
      {
        type: 'Synced',
        status: 'True',
        reason: 'success',
        message: 'success',
        lastTransitionTime: '2025-01-01T00:00:00Z',
      },
    ],
  },
};

function withSpec(spec: Partial<ResourceSync['spec']>): ResourceSync {
  return { ...rs, spec: { ...rs.spec, ...spec } };
}

function paths(r: ResourceSync): string[] {
  return validateResourceSync(r).map((e) => e.path);
}

describe('ResourceSync schema', () => {
  it('accepts a realistic resource sync and list', () => {
    expect(validResourceSync(rs), JSON.stringify(validResourceSync.errors)).toBe(true);
    expect(
      ajv.validate(ResourceSyncList, { apiVersion: 'v1beta1', kind: 'ResourceSyncList', metadata: {}, items: [rs] }),
    ).toBe(true);
    expect(validateResourceSync(rs)).toEqual([]);
  });

  it('accepts an empty path and a missing type', () => {
    const { type: _type, ...spec } = rs.spec;
    expect(validResourceSync({ ...rs, spec: { ...spec, path: '' } })).toBe(true);
  });

  it('rejects missing fields, unknown fields and unknown types', () => {
    const { path: _path, ...noPath } = rs.spec;
    expect(validResourceSync({ ...rs, spec: noPath })).toBe(false);
    expect(validResourceSync(withSpec({ extra: true } as never))).toBe(false);
    expect(validResourceSync(withSpec({ type: 'device' as never }))).toBe(false);
    expect(validResourceSync(withSpec({ targetRevision: '' }))).toBe(false);
  });
});

describe('validateResourceSync', () => {
  it('wants the repository to be a resource name', () => {
    expect(validateResourceSync(withSpec({ repository: 'Site_Config' }))).toMatchObject([{ path: 'spec.repository' }]);
  });

  it('checks the target revision', () => {
    expect(paths(withSpec({ targetRevision: '' }))).toEqual(['spec.targetRevision']);
    expect(paths(withSpec({ targetRevision: 'a'.repeat(245) }))).toEqual(['spec.targetRevision']);
    expect(paths(withSpec({ targetRevision: '-main' }))).toEqual(['spec.targetRevision']);
    expect(paths(withSpec({ targetRevision: 'feature branch' }))).toEqual(['spec.targetRevision']);
    expect(paths(withSpec({ targetRevision: 'v1.2.3' }))).toEqual([]);
    expect(paths(withSpec({ targetRevision: '8d0f2c1e9b' }))).toEqual([]);
  });

  it('limits the path length', () => {
    expect(paths(withSpec({ path: `/${'a'.repeat(2048)}` }))).toEqual(['spec.path']);
  });

  it('checks the type', () => {
    expect(paths(withSpec({ type: 'catalog' }))).toEqual([]);
    expect(paths(withSpec({ type: 'device' as never }))).toEqual(['spec.type']);
  });

  it('checks the name and labels', () => {
    expect(paths({ ...rs, metadata: { name: 'fleets', labels: { 'bad key!': 'x' } } })).toEqual(['metadata.labels']);
    expect(paths({ ...rs, metadata: { name: '' } })).toEqual(['metadata.name']);
  });
});
