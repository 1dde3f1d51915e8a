import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TemplateVersion, TemplateVersionList } from './template-version.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validTemplateVersion = ajv.compile(TemplateVersion);

const templateVersion: TemplateVersion = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'TemplateVersion',
  metadata: { name: 'v3-1a2b3c4d', owner: 'Fleet/pos-terminals', creationTimestamp: '2025-06-01T12:00:00Z' },
  spec: { fleet: 'pos-terminals' },
  status: {
    os: { image: 'quay.io/org/pos-os:{{ .metadata.labels.osVersion }}' },
    config: [{ name: 'motd', inline: [{ path: '/etc/motd', content: 'Hi {{ .metadata.name }}' }] }],
    applications: [{ appType: 'container', name: 'pos', image: 'quay.io/org/pos:1.4', ports: ['443:8443'] }],
    resources: [
      {
        monitorType: 'Memory',
        samplingInterval: '1m',
        alertRules: [{ severity: 'Critical', duration: '5m', percentage: 90, description: 'Memory pressure' }],
      },
    ],
    systemd: { matchPatterns: ['pos.service'] },
    updatePolicy: { updateSchedule: { at: '0 3 * * *', startGraceDuration: '1h' } },
    updatedAt: '2025-06-01T12:00:01Z',
    conditions: [],
  },
};

describe('TemplateVersion schema', () => {
  it('accepts a snapshot of a fleet template', () => {
    expect(validTemplateVersion(templateVersion), JSON.stringify(validTemplateVersion.errors)).toBe(true);
  });

  it('accepts a list', () => {
    const list = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'TemplateVersionList',
      metadata: {},
      items: [templateVersion],
    };
    expect(ajv.validate(TemplateVersionList, list), JSON.stringify(ajv.errors)).toBe(true);
  });

  it.each([
    ['a spec without fleet', { ...templateVersion, spec: {} }, '/spec'],
    ['a status without conditions', { ...templateVersion, status: { updatedAt: '2025-06-01T12:00:01Z' } }, '/status'],
    ['an unknown status field', { ...templateVersion, status: { conditions: [], rollout: {} } }, '/status'],
    ['a bad updatedAt', { ...templateVersion, status: { conditions: [], updatedAt: 'now' } }, '/status/updatedAt'],
  ])('rejects %s', (_, bad, instancePath) => {
    expect(validTemplateVersion(bad)).toBe(false);
    expect(validTemplateVersion.errors.map((e: { instancePath: string }) => e.instancePath)).toContain(instancePath);
  });

  it('marks the status read-only', () => {
    expect(TemplateVersion.properties.status).toHaveProperty('readOnly', true);
  });
});
