import { describe, expect, it } from 'vitest';
import { Device } from '../kinds/device.js';
import { validateDevice } from '../kinds/device.js';
import { Repository } from '../kinds/repository.js';
import { dottedPath, formatProblems, schemaErrors } from './schema-validation.js';

const device = (extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = { name: 'd1' }) => ({
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Device',
  metadata,
  spec: {},
  ...extra,
});

describe('schemaErrors', () => {
  it('names an unknown field by its full path', () => {
    expect(schemaErrors(Device, device({ spec: { os: { imagee: 'x' } } }))).toEqual([
      { path: 'spec.os.imagee', message: 'unknown field' },
    ]);
  });

  it('explains a bad resource name in words', () => {
    expect(schemaErrors(Device, device({}, { name: 'Bad_Name' }))).toEqual([
      { path: 'metadata.name', message: expect.stringContaining('lowercase RFC 1123 subdomain') },
    ]);
  });

  it('names the bad label key and a bad label value', () => {
    const problems = schemaErrors(Device, device({}, { name: 'd1', labels: { 'bad key': 'x', ok: 'not ok!' } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'metadata.labels.bad key', message: expect.stringContaining('qualified name') },
        { path: 'metadata.labels.ok', message: expect.stringContaining('must be empty or alphanumeric') },
      ]),
    );
  });

  it('reports a missing required field', () => {
    const { kind: _kind, ...noKind } = device();
    expect(schemaErrors(Device, noKind)).toEqual([{ path: 'kind', message: 'required field is missing' }]);
  });

  it('reports the field inside the chosen variant of a tagged union, not every variant', () => {
    const repo = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'Repository',
      metadata: { name: 'r' },
      spec: { type: 'git', url: 'https://example.com/r.git', registry: 'nope' },
    };
    expect(schemaErrors(Repository, repo)).toEqual([{ path: 'spec.registry', message: 'unknown field' }]);
  });

  it('lists several problems in upstream form, the most relevant first', () => {
    const message = formatProblems(schemaErrors(Device, device({ spec: { os: { imagee: 'x' } } }, { name: 'B' })));
    expect(message).toMatch(/^API Error: 2 API errors found\. The most relevant is likely:\n/);
    expect(message).toContain('\nOther errors found were:\n');
  });

  it('passes a valid device, and semantic checks run separately', () => {
    expect(schemaErrors(Device, device())).toEqual([]);
    expect(validateDevice(device() as Device)).toEqual([]);
  });
});

describe('dottedPath', () => {
  it('turns JSON pointers into dotted paths with indexes', () => {
    expect(dottedPath('/spec/applications/0/volumes/1/name')).toBe('spec.applications[0].volumes[1].name');
    expect(dottedPath('/metadata/labels/example.com~1role')).toBe('metadata.labels.example.com/role');
    expect(dottedPath('')).toBe('');
  });
});
