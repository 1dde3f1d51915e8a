import { describe, expect, it } from 'vitest';
import { validateConfigProviders, type ConfigProviderSpec } from './config-providers.js';

const git: ConfigProviderSpec = {
  name: 'site-config',
  gitRef: { repository: 'flightctl-demos', targetRevision: 'main', path: '/demos/basic-nginx-demo/configuration' },
};
const http: ConfigProviderSpec = {
  name: 'motd-http',
  httpRef: { repository: 'config-server', suffix: '/motd?site=ams', filePath: '/etc/motd' },
};
const secret: ConfigProviderSpec = {
  name: 'tls',
  secretRef: { name: 'edge-tls', namespace: 'fleet-a', mountPath: '/etc/pki/edge', user: 'nginx', group: '1001' },
};
const inline: ConfigProviderSpec = {
  name: 'inline.files',
  inline: [
    { path: '/etc/example/plain.conf', content: 'key=value\n', mode: 0o644 },
    { path: '/etc/example/blob.bin', content: btoa('binary'), contentEncoding: 'base64', user: 'root' },
  ],
};

function check(providers: ConfigProviderSpec[], allowTemplates = false) {
  return validateConfigProviders(providers, 'spec.config', allowTemplates);
}

describe('validateConfigProviders', () => {
  it('accepts one provider of each kind', () => {
    expect(check([git, http, secret, inline])).toEqual([]);
  });

  it('rejects duplicate names', () => {
    expect(check([inline, { ...git, name: 'inline.files' }])).toEqual([
      { path: 'spec.config[1].name', message: 'duplicate config provider name "inline.files"' },
    ]);
  });

  it('rejects a device path written by two providers', () => {
    const other = { name: 'other', inline: [{ path: '/etc/motd', content: 'hi' }] };
    expect(check([http, other])).toEqual([
      { path: 'spec.config[1].inline[0].path', message: 'duplicate device path "/etc/motd" across config providers' },
    ]);
  });

  it('checks names and repository references', () => {
    const errs = check([{ ...git, name: 'Bad_Name', gitRef: { ...git.gitRef, repository: 'UPPER' } }]);
    expect(errs.map((e) => e.path)).toEqual(['spec.config[0].name', 'spec.config[0].gitRef.repository']);
  });

  it('checks file paths, owners and content', () => {
    const errs = check([
      {
        name: 'files',
        inline: [
          { path: 'relative/path', content: '' },
          { path: '/ok', content: '%%%', contentEncoding: 'base64' },
          { path: '/big', content: 'x'.repeat(1024 * 1024 + 1) },
          { path: '/owner', content: '', user: 'bad user', group: '65535' },
        ],
      },
    ]);
    expect(errs).toEqual([
      { path: 'spec.config[0].inline[0].path', message: 'must be an absolute path' },
      { path: 'spec.config[0].inline[1].content', message: 'must be valid base64' },
      { path: 'spec.config[0].inline[2].content', message: 'must be no more than 1048576 bytes' },
      { path: 'spec.config[0].inline[3].user', message: 'is not a valid user name' },
      { path: 'spec.config[0].inline[3].group', message: 'must not be 65535 (invalid id)' },
    ]);
  });

  it('checks http file paths and suffix length, and secret names', () => {
    const errs = check([
      { name: 'h', httpRef: { repository: 'r', filePath: 'motd', suffix: 'x'.repeat(2049) } },
      { name: 's', secretRef: { name: 'Bad', namespace: 'a.b', mountPath: '/ok' } },
    ]);
    expect(errs.map((e) => e.path)).toEqual([
      'spec.config[0].httpRef.filePath',
      'spec.config[0].httpRef.suffix',
      'spec.config[1].secretRef.name',
      'spec.config[1].secretRef.namespace',
    ]);
  });

  it('allows template parameters only in fleet templates', () => {
    const templated: ConfigProviderSpec[] = [
      {
        name: 'per-device',
        gitRef: { repository: 'repo', targetRevision: '{{ .metadata.labels.branch }}', path: '/{{ .metadata.name }}' },
      },
      {
        name: 'per-device-secret',
        secretRef: { name: '{{ .metadata.name }}', namespace: 'edge', mountPath: '/etc/{{ .metadata.name }}' },
      },
      {
        name: 'motd',
        inline: [{ path: '{{ .metadata.labels.confdir }}/app.conf', content: 'Hello {{ .metadata.name }}' }],
      },
      { name: 'b64', inline: [{ path: '/etc/b64', content: btoa('{{ .metadata.name }}'), contentEncoding: 'base64' }] },
    ];
    expect(check(templated, true)).toEqual([]);
    expect(check(templated, false).map((e) => e.path)).toEqual([
      'spec.config[1].secretRef.name',
      'spec.config[2].inline[0].path',
    ]);
  });

  it('reports template syntax errors in fleet templates', () => {
    const bad = [{ name: 'm', inline: [{ path: '/etc/motd', content: 'Hi {{ .spec }}' }] }];
    expect(check(bad, true)).toEqual([
      {
        path: 'spec.config[0].inline[0].content',
        message: 'cannot reference ".spec": only .metadata.name and .metadata.labels are available',
      },
    ]);
  });
});
