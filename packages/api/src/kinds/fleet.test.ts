import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Fleet, FleetList, validateFleet, type RolloutPolicy } from './fleet.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validFleet = ajv.compile(Fleet);

const rolloutPolicy: RolloutPolicy = {
  deviceSelection: {
    strategy: 'BatchSequence',
    sequence: [
      { selector: { matchLabels: { ring: 'canary' } }, limit: 1 },
      { selector: { matchExpressions: [{ key: 'site', operator: 'In', values: ['ams', 'fra'] }] }, limit: '25%' },
      { limit: '50%', successThreshold: '95%' },
    ],
  },
  disruptionBudget: { groupBy: ['site', 'flightctl.io/rack'], maxUnavailable: 2 },
  successThreshold: '90%',
  defaultUpdateTimeout: '24h',
};

const fleet: Fleet = {
  apiVersion: 'flightctl.io/v1beta1',
  kind: 'Fleet',
  metadata: { name: 'pos-terminals', labels: { team: 'retail' } },
  spec: {
    selector: {
      matchLabels: { fleet: 'pos' },
      matchExpressions: [{ key: 'decommissioned', operator: 'DoesNotExist' }],
    },
    template: {
      metadata: { labels: { fleet: 'pos' } },
      spec: {
        os: { image: 'quay.io/org/pos-os:{{ .metadata.labels.osVersion }}' },
        config: [
          {
            name: 'site-config',
            gitRef: { repository: 'pos-config', targetRevision: 'main', path: '/sites/{{ .metadata.labels.site }}' },
          },
          {
            name: 'motd',
            inline: [
              { path: '/etc/motd', content: 'Terminal {{ upper .metadata.name }} at {{ .metadata.labels.site }}' },
            ],
          },
        ],
        applications: [
          {
            appType: 'container',
            name: 'pos',
            image: 'quay.io/org/pos:{{ getOrDefault .metadata.labels "posVersion" "stable" }}',
            ports: ['443:8443'],
          },
        ],
        updatePolicy: { updateSchedule: { at: '0 3 * * *', startGraceDuration: '1h', timeZone: 'Local' } },
      },
    },
    rolloutPolicy,
  },
  status: {
    conditions: [
      { type: 'Valid', status: 'True', reason: 'Valid', message: 'Valid', lastTransitionTime: '2025-06-01T12:00:00Z' },
    ],
    rollout: { currentBatch: 1 },
    devicesSummary: {
      total: 10,
      applicationStatus: { Healthy: 10 },
      summaryStatus: { Online: 9, Unknown: 1 },
      updateStatus: { UpToDate: 10 },
    },
  },
};

function withPolicy(policy: RolloutPolicy): Fleet {
  return { ...fleet, spec: { ...fleet.spec, rolloutPolicy: policy } };
}

function withSpec(patch: Partial<Fleet['spec']>): Fleet {
  return { ...fleet, spec: { ...fleet.spec, ...patch } };
}

describe('Fleet schema', () => {
  it('accepts a fleet with a rollout policy and a parameterised template', () => {
    expect(validFleet(fleet), JSON.stringify(validFleet.errors)).toBe(true);
    expect(validateFleet(fleet)).toEqual([]);
  });

  it('accepts a list of fleets', () => {
    const list = { apiVersion: 'flightctl.io/v1beta1', kind: 'FleetList', metadata: {}, items: [fleet] };
    expect(ajv.validate(FleetList, list), JSON.stringify(ajv.errors)).toBe(true);
  });

  it.each([
    [
      'a zero batch limit',
      withPolicy({ deviceSelection: { strategy: 'BatchSequence', sequence: [{ limit: 0 }] } }),
      '/spec/rolloutPolicy/deviceSelection/sequence/0/limit',
    ],
    [
      'a percentage over 100',
      withPolicy({ successThreshold: '150%', disruptionBudget: { minAvailable: 1 } }),
      '/spec/rolloutPolicy/successThreshold',
    ],
    [
      'an empty batch sequence',
      withPolicy({ deviceSelection: { strategy: 'BatchSequence', sequence: [] } }),
      '/spec/rolloutPolicy/deviceSelection/sequence',
    ],
    [
      'an unknown strategy',
      withPolicy({ deviceSelection: { strategy: 'AllAtOnce' } as never }),
      '/spec/rolloutPolicy/deviceSelection',
    ],
    [
      'a bad timeout',
      withPolicy({ defaultUpdateTimeout: '1d', disruptionBudget: { minAvailable: 1 } }),
      '/spec/rolloutPolicy/defaultUpdateTimeout',
    ],
    ['an empty selector', withSpec({ selector: {} }), '/spec/selector'],
    [
      'an unknown template field',
      withSpec({ template: { ...fleet.spec.template, extra: 1 } as never }),
      '/spec/template',
    ],
    ['a missing template', { ...fleet, spec: { selector: { matchLabels: { a: 'b' } } } }, '/spec'],
  ])('rejects %s', (_, bad, instancePath) => {
    expect(validFleet(bad)).toBe(false);
    expect(validFleet.errors.map((e: { instancePath: string }) => e.instancePath)).toContain(instancePath);
  });

  it('accepts integer and percentage batch limits', () => {
    const policy = (limit: number | string) =>
      withPolicy({ deviceSelection: { strategy: 'BatchSequence', sequence: [{ limit } as never] } });
    expect(validFleet(policy(5))).toBe(true);
    expect(validFleet(policy('100%'))).toBe(true);
    expect(validFleet(policy('5'))).toBe(false);
  });

  it('marks the status read-only', () => {
    expect(Fleet.properties.status).toHaveProperty('readOnly', true);
  });
});

describe('validateFleet', () => {
  it('checks the name and template labels', () => {
    const bad = {
      ...fleet,
      metadata: { name: 'POS' },
      spec: { ...fleet.spec, template: { ...fleet.spec.template, metadata: { labels: { 'a/b/c': 'x' } } } },
    };
    expect(validateFleet(bad).map((e) => e.path)).toEqual(['metadata.name', 'spec.template.metadata.labels']);
  });

  it('wants deviceSelection or disruptionBudget in a rollout policy', () => {
    expect(validateFleet(withPolicy({ successThreshold: '80%' }))).toEqual([
      { path: 'spec.rolloutPolicy', message: 'at least one of deviceSelection or disruptionBudget is required' },
    ]);
  });

  it('wants minAvailable or maxUnavailable, and unique groupBy keys', () => {
    expect(validateFleet(withPolicy({ disruptionBudget: { groupBy: ['site', 'rack', 'site'] } }))).toEqual([
      {
        path: 'spec.rolloutPolicy.disruptionBudget',
        message: 'at least one of minAvailable or maxUnavailable is required',
      },
      { path: 'spec.rolloutPolicy.disruptionBudget.groupBy[2]', message: 'duplicate label key "site"' },
    ]);
  });

  it('checks fleet and batch selectors', () => {
    expect(validateFleet(withSpec({ selector: {} }))).toEqual([
      { path: 'spec.selector', message: 'must contain matchLabels or matchExpressions' },
    ]);
    const batches = withPolicy({
      deviceSelection: {
        strategy: 'BatchSequence',
        sequence: [
          { selector: { matchExpressions: [{ key: 'site', operator: 'In' }] } },
          { selector: { matchExpressions: [{ key: 'site', operator: 'Exists', values: ['x'] }] } },
        ],
      },
    });
    expect(validateFleet(batches)).toEqual([
      {
        path: 'spec.rolloutPolicy.deviceSelection.sequence[0].selector.matchExpressions[0].values',
        message: 'must not be empty for operator In',
      },
      {
        path: 'spec.rolloutPolicy.deviceSelection.sequence[1].selector.matchExpressions[0].values',
        message: 'must be empty for operator Exists',
      },
    ]);
  });

  it('validates the template spec, reporting template syntax errors there', () => {
    const template = {
      ...fleet.spec.template,
      spec: { ...fleet.spec.template.spec, os: { image: 'quay.io/org/os:{{ .metadata.name' } },
    };
    expect(validateFleet(withSpec({ template }))).toEqual([
      { path: 'spec.template.spec.os.image', message: 'unclosed action: missing "}}"' },
    ]);
    const consoles = { ...fleet.spec.template, spec: { consoles: [{ sessionID: 'a', sessionMetadata: '' }] } };
    expect(validateFleet(withSpec({ template: consoles })).map((e) => e.path)).toEqual(['spec.template.spec.consoles']);
  });
});
