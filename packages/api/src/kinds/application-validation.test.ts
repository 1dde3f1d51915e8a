import { describe, expect, it } from 'vitest';
import { validateApplications } from './application-validation.js';
import type { ApplicationProviderSpec } from './applications.js';

const compose: ApplicationProviderSpec = {
  appType: 'compose',
  name: 'web',
  envVars: { LOG_LEVEL: 'info' },
  inline: [{ path: 'docker-compose.yaml', content: 'services:\n  web:\n    image: quay.io/nginx/nginx:1.27\n' }],
  volumes: [{ name: 'static', image: { reference: 'quay.io/org/static:v1', pullPolicy: 'IfNotPresent' } }],
};
const quadlet: ApplicationProviderSpec = {
  appType: 'quadlet',
  name: 'sensor',
  runAs: 'sensor',
  catalogItemRef: { catalog: 'edge', item: 'sensor', version: '1.2.0' },
};
const container: ApplicationProviderSpec = {
  appType: 'container',
  name: 'api',
  image: 'quay.io/org/api:2.1',
  ports: ['8080:80', '8443:443'],
  resources: { limits: { cpu: '0.75', memory: '256m' } },
  volumes: [
    { name: 'data', mount: { path: '/var/lib/api:Z' } },
    { name: 'models', image: { reference: 'quay.io/org/models:v3' }, mount: { path: '/models:ro' } },
  ],
};
const helm: ApplicationProviderSpec = {
  appType: 'helm',
  name: 'monitoring',
  image: 'quay.io/charts/monitoring:0.9.0',
  namespace: 'monitoring',
  values: { replicaCount: 2, service: { type: 'ClusterIP' } },
  valuesFiles: ['values-edge.yaml'],
};
const vm: ApplicationProviderSpec = {
  appType: 'vm',
  name: 'legacy',
  publishPorts: ['2222:22/tcp'],
  inline: [{ path: 'vm.yaml', content: 'kind: VirtualMachine\n' }],
};
const imageOnly: ApplicationProviderSpec = { appType: 'compose', image: 'quay.io/org/bundle:1.0' };

function check(apps: ApplicationProviderSpec[], allowTemplates = false) {
  return validateApplications(apps, 'spec.applications', allowTemplates);
}

function at(app: ApplicationProviderSpec) {
  return check([app]);
}

describe('validateApplications', () => {
  it('accepts one app of each type, and an unnamed image app', () => {
    expect(check([compose, quadlet, container, helm, vm, imageOnly])).toEqual([]);
  });

  it('accepts a helm chart from a catalog (upstream schema quirk not reproduced)', () => {
    const { image: _image, ...rest } = helm;
    expect(at({ ...rest, catalogItemRef: { catalog: 'c', item: 'i', version: '1' } })).toEqual([]);
  });

  it('rejects duplicate names, counting an unnamed image app as its image', () => {
    expect(check([compose, { ...container, name: 'web' }])).toEqual([
      { path: 'spec.applications[1].name', message: 'duplicate application name "web"' },
    ]);
    expect(check([imageOnly, { ...imageOnly }])).toEqual([
      { path: 'spec.applications[1].name', message: 'duplicate application name "quay.io/org/bundle:1.0"' },
    ]);
  });

  it('requires exactly one source the type accepts', () => {
    expect(at({ appType: 'compose', name: 'x' })).toEqual([
      { path: 'spec.applications[0]', message: 'exactly one of image, catalogItemRef, inline is required' },
    ]);
    expect(at({ ...container, catalogItemRef: { catalog: 'c', item: 'i', version: '1' } })).toEqual([
      { path: 'spec.applications[0]', message: 'exactly one of image, catalogItemRef is required' },
    ]);
  });

  it('requires names for inline and catalog apps, and checks their format', () => {
    const { name: _name, ...unnamed } = quadlet;
    expect(at(unnamed)).toEqual([
      { path: 'spec.applications[0].name', message: 'is required unless the app comes from an image' },
    ]);
    expect(at({ ...compose, name: 'Web App' }).map((e) => e.path)).toEqual(['spec.applications[0].name']);
  });

  it('rejects the read-only lifecycle fields', () => {
    expect(at({ ...container, desiredState: 'stopped', restartGeneration: 2 }).map((e) => e.path)).toEqual([
      'spec.applications[0].desiredState',
      'spec.applications[0].restartGeneration',
    ]);
  });

  it('checks image references', () => {
    expect(at({ ...container, image: 'not an image' }).map((e) => e.path)).toEqual(['spec.applications[0].image']);
  });

  it('checks env var keys and values', () => {
    expect(at({ ...compose, envVars: { '1BAD': 'x', GOOD: '' } })).toEqual([
      {
        path: 'spec.applications[0].envVars.1BAD',
        message: 'must start with a letter or "_" and contain only letters, digits and "_"',
      },
      { path: 'spec.applications[0].envVars.GOOD', message: 'value must not be empty' },
    ]);
  });

  it('checks volumes: names, kinds per app type, sources and mount paths', () => {
    const errs = at({
      ...container,
      volumes: [
        { name: 'data', mount: { path: 'relative:ro' } },
        { name: 'data', mount: { path: '/x' } },
        { name: 'img', image: { reference: 'quay.io/a/b:1' } },
        { name: 'none' },
        {
          name: 'both',
          image: { reference: 'quay.io/a/b:1', catalogItemRef: { catalog: 'c', item: 'i', version: '1' } },
          mount: { path: '/b' },
        },
      ],
    });
    expect(errs).toEqual([
      { path: 'spec.applications[0].volumes[0].mount.path', message: 'must be an absolute path' },
      { path: 'spec.applications[0].volumes[2]', message: 'image volumes are not supported by container applications' },
      { path: 'spec.applications[0].volumes[3]', message: 'one of image or mount is required' },
      {
        path: 'spec.applications[0].volumes[4].image',
        message: 'exactly one of reference or catalogItemRef is required',
      },
      { path: 'spec.applications[0].volumes[1].name', message: 'duplicate volume name "data"' },
    ]);
    expect(at({ ...compose, volumes: [{ name: 'm', mount: { path: '/m' } }] })).toEqual([
      { path: 'spec.applications[0].volumes[0]', message: 'mount volumes are not supported by compose applications' },
    ]);
  });

  it('checks container ports and limits', () => {
    const errs = at({
      ...container,
      ports: ['0:80', '8080:70000'],
      resources: { limits: { cpu: '-1', memory: '1Gi' } },
    });
    expect(errs).toEqual([
      { path: 'spec.applications[0].ports[0]', message: 'port 0 is outside 1-65535' },
      { path: 'spec.applications[0].ports[1]', message: 'port 70000 is outside 1-65535' },
      {
        path: 'spec.applications[0].resources.limits.cpu',
        message: 'must be a non-negative number of cores, got "-1"',
      },
      {
        path: 'spec.applications[0].resources.limits.memory',
        message: 'must be a number with optional unit b, k, m or g, got "1Gi"',
      },
    ]);
  });

  it('checks helm namespaces and values files', () => {
    expect(at({ ...helm, namespace: 'Not_A_Label', valuesFiles: ['/abs.yaml'] }).map((e) => e.path)).toEqual([
      'spec.applications[0].namespace',
      'spec.applications[0].valuesFiles[0]',
    ]);
  });

  it('checks vm ports and the VirtualMachine definition', () => {
    expect(at({ ...vm, publishPorts: ['99999:22'], inline: [{ path: 'other.yaml', content: '' }] })).toEqual([
      { path: 'spec.applications[0].publishPorts[0]', message: 'port 99999 is outside 1-65535' },
      { path: 'spec.applications[0].inline', message: 'must contain vm.yaml with the VirtualMachine' },
    ]);
  });

  it('checks inline paths and content', () => {
    const errs = at({
      ...compose,
      inline: [
        { path: 'a.yaml', content: 'x' },
        { path: 'a.yaml', content: 'y' },
        { path: '../escape.yaml', content: '' },
        { path: 'b.bin', content: 'not base64!', contentEncoding: 'base64' },
      ],
    });
    expect(errs).toEqual([
      { path: 'spec.applications[0].inline[2].path', message: 'must not contain ".." segments' },
      { path: 'spec.applications[0].inline[3].content', message: 'must be valid base64' },
      { path: 'spec.applications[0].inline[1].path', message: 'duplicate inline path "a.yaml"' },
    ]);
  });

  it('allows templated image tags and inline files only in fleet templates', () => {
    const templated: ApplicationProviderSpec[] = [
      { ...container, image: 'quay.io/org/api:{{ .metadata.labels.version }}' },
      {
        ...compose,
        inline: [{ path: 'docker-compose.yaml', content: 'name: {{ .metadata.name }}' }],
        volumes: [{ name: 'v', image: { reference: 'quay.io/org/v:{{ .metadata.labels.v }}' } }],
      },
    ];
    expect(check(templated, true)).toEqual([]);
    expect(check(templated, false).map((e) => e.path)).toEqual([
      'spec.applications[0].image',
      'spec.applications[1].volumes[0].image.reference',
    ]);
    expect(check([{ ...container, image: 'quay.io/{{ .metadata.name }}/api:1' }], true)).toHaveLength(1);
  });
});
