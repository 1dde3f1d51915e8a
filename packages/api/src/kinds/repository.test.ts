import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  CheckRepositoryOciImageRequest,
  CheckRepositoryOciResult,
  CheckRepositoryOciTagRequest,
  keepMaskedRepositorySecrets,
  maskRepositorySecrets,
  Repository,
  RepositoryList,
  validateRepository,
} from './repository.js';
import { MASKED_SECRET } from './secret-masking.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validRepository = ajv.compile(Repository);

const PEM_B64 = btoa('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const KEY_B64 = btoa('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');

function repo(spec: Repository['spec']): Repository {
  return { apiVersion: 'flightctl.io/v1beta1', kind: 'Repository', metadata: { name: 'site-config' }, spec };
}

const gitHttp = repo({
  type: 'git',
  url: 'https://github.com/flightctl/flightctl-demos.git',
  httpConfig: { username: 'alice', password: 's3cret', 'tls.crt': PEM_B64, 'tls.key': KEY_B64, token: 'tok' },
});
const gitSsh = repo({
  type: 'git',
  url: 'git@github.com:flightctl/flightctl-demos.git',
  sshConfig: { sshPrivateKey: KEY_B64, privateKeyPassphrase: 'phrase', skipServerVerification: true },
});
const http = repo({
  type: 'http',
  url: 'https://config.example.com/root',
  httpConfig: { 'ca.crt': PEM_B64 },
  validationSuffix: '/healthz',
});
const oci = repo({
  type: 'oci',
  registry: 'quay.io',
  scheme: 'https',
  accessMode: 'ReadWrite',
  ociAuth: { authType: 'docker', username: 'robot', password: 'token' },
  baseImages: [
    { displayName: 'CentOS', imageName: 'centos-bootc/centos-bootc', tags: ['stream9', 'stream10'] },
    { imageName: 'fedora/fedora-bootc', tags: ['41'] },
  ],
});

function paths(r: Repository): string[] {
  return validateRepository(r).map((e) => e.path);
}

describe('Repository schema', () => {
  it.each([
    ['git over http', gitHttp],
    ['git over ssh', gitSsh],
    ['http', http],
    ['oci', oci],
  ])('accepts a %s repository', (_, r) => {
    expect(validRepository(r), JSON.stringify(validRepository.errors)).toBe(true);
    expect(validateRepository(r)).toEqual([]);
  });

  it('accepts a list with status conditions', () => {
    const list = {
      apiVersion: 'flightctl.io/v1beta1',
      kind: 'RepositoryList',
      metadata: {},
      items: [
        {
          ...http,
          status: {
            conditions: [
              {
                type: 'Accessible',
                status: 'True',
                reason: 'Accessible',
                message: 'Accessible',
                lastTransitionTime: '2025-01-01T00:00:00Z',
              },
            ],
          },
        },
      ],
    };
    expect(ajv.validate(RepositoryList, list)).toBe(true);
  });

  it('rejects an unknown type, unknown fields and git with both configs', () => {
    expect(validRepository(repo({ type: 'svn', url: 'x' } as never))).toBe(false);
    expect(validRepository(repo({ type: 'http', url: 'https://x', extra: 1 } as never))).toBe(false);
    expect(
      validRepository(repo({ type: 'git', url: 'https://x', httpConfig: {}, sshConfig: {} } as Repository['spec'])),
    ).toBe(false);
  });

  it('rejects bad OCI tags and empty tag lists', () => {
    const bad = repo({ type: 'oci', registry: 'quay.io', baseImages: [{ imageName: 'a', tags: ['-bad'] }] });
    expect(validRepository(bad)).toBe(false);
    const empty = repo({ type: 'oci', registry: 'quay.io', baseImages: [{ imageName: 'a', tags: [] }] });
    expect(validRepository(empty)).toBe(false);
  });

  it('describes the OCI check bodies', () => {
    expect(ajv.validate(CheckRepositoryOciTagRequest, { imageName: 'centos-bootc/centos-bootc', tag: '9.5' })).toBe(
      true,
    );
    expect(ajv.validate(CheckRepositoryOciTagRequest, { imageName: 'a', tag: '.bad' })).toBe(false);
    expect(ajv.validate(CheckRepositoryOciImageRequest, { imageName: '' })).toBe(false);
    expect(ajv.validate(CheckRepositoryOciResult, { accessible: false, errorCode: 401, errorMessage: 'denied' })).toBe(
      true,
    );
    expect(ajv.validate(CheckRepositoryOciResult, { errorCode: 401 })).toBe(false);
  });
});

describe('validateRepository', () => {
  it('checks the name', () => {
    expect(paths({ ...http, metadata: { name: 'Bad_Name' } })).toEqual(['metadata.name']);
    expect(paths({ ...http, metadata: {} })).toEqual(['metadata.name']);
  });

  it('wants username and password together', () => {
    expect(paths(repo({ type: 'http', url: 'https://x', httpConfig: { username: 'a' } }))).toEqual([
      'spec.httpConfig.password',
    ]);
    expect(paths(repo({ type: 'git', url: 'https://x', httpConfig: { password: 'a' } }))).toEqual([
      'spec.httpConfig.username',
    ]);
  });

  it('wants tls.crt and tls.key together', () => {
    expect(paths(repo({ type: 'http', url: 'https://x', httpConfig: { 'tls.crt': PEM_B64 } }))).toEqual([
      'spec.httpConfig.tls.key',
    ]);
  });

  it('rejects git with both http and ssh config', () => {
    const both = repo({ type: 'git', url: 'https://x', httpConfig: {}, sshConfig: {} } as Repository['spec']);
    expect(paths(both)).toEqual(['spec.sshConfig']);
  });

  it('wants a key for a passphrase', () => {
    const r = repo({ type: 'git', url: 'ssh://x', sshConfig: { privateKeyPassphrase: 'p' } });
    expect(validateRepository(r)).toEqual([
      { path: 'spec.sshConfig.privateKeyPassphrase', message: 'requires spec.sshConfig.sshPrivateKey' },
    ]);
  });

  it('wants base64 for certificates and keys', () => {
    const r = repo({
      type: 'git',
      url: 'https://x',
      httpConfig: { 'tls.crt': 'not base64!', 'tls.key': KEY_B64, 'ca.crt': 'abc' },
    });
    expect(paths(r)).toEqual(['spec.httpConfig.tls.crt', 'spec.httpConfig.ca.crt']);
    expect(paths(repo({ type: 'git', url: 'ssh://x', sshConfig: { sshPrivateKey: '***' } }))).toEqual([
      'spec.sshConfig.sshPrivateKey',
    ]);
    expect(paths(repo({ type: 'oci', registry: 'quay.io', 'ca.crt': '%%' }))).toEqual(['spec.ca.crt']);
  });

  it('limits url length and credential lengths', () => {
    expect(paths(repo({ type: 'http', url: `https://x/${'a'.repeat(2048)}` }))).toEqual(['spec.url']);
    expect(paths(repo({ type: 'git', url: '' }))).toEqual(['spec.url']);
    const longUser = repo({ type: 'http', url: 'https://x', httpConfig: { username: 'u'.repeat(257), password: 'p' } });
    expect(paths(longUser)).toEqual(['spec.httpConfig.username']);
    const emptyOci = repo({
      type: 'oci',
      registry: 'quay.io',
      ociAuth: { authType: 'docker', username: '', password: '' },
    });
    expect(paths(emptyOci)).toEqual(['spec.ociAuth.username', 'spec.ociAuth.password']);
  });

  it.each(['quay.io', 'localhost', 'myregistry.com:5000', '192.168.1.1:5000', '[::1]:5000', '[2001:db8::1]'])(
    'accepts registry %s',
    (registry) => {
      expect(validateRepository(repo({ type: 'oci', registry }))).toEqual([]);
    },
  );

  it.each([
    '',
    'Quay.io',
    'https://quay.io',
    'quay.io/org',
    'quay.io:0',
    'quay.io:70000',
    '300.1.1.1',
    '[zz::1]',
    '1.2.3',
  ])('rejects registry %j', (registry) => {
    expect(paths(repo({ type: 'oci', registry }))).toEqual(['spec.registry']);
  });

  it('wants unique image names and tags', () => {
    const r = repo({
      type: 'oci',
      registry: 'quay.io',
      baseImages: [
        { imageName: 'a/b', tags: ['1', '2', '1'] },
        { imageName: 'a/b', tags: ['1'] },
      ],
    });
    expect(validateRepository(r)).toEqual([
      { path: 'spec.baseImages[1].imageName', message: 'duplicate image name "a/b"' },
      { path: 'spec.baseImages[0].tags[2]', message: 'duplicate tag "1"' },
    ]);
  });
});

describe('repository secret masking', () => {
  it('masks every secret and nothing else', () => {
    const masked = maskRepositorySecrets(gitHttp);
    expect(masked.spec).toEqual({
      type: 'git',
      url: gitHttp.spec.type === 'git' ? gitHttp.spec.url : '',
      httpConfig: {
        username: 'alice',
        password: MASKED_SECRET,
        'tls.crt': MASKED_SECRET,
        'tls.key': MASKED_SECRET,
        token: MASKED_SECRET,
      },
    });
    expect(maskRepositorySecrets(gitSsh).spec).toMatchObject({
      sshConfig: { sshPrivateKey: MASKED_SECRET, privateKeyPassphrase: MASKED_SECRET, skipServerVerification: true },
    });
    expect(maskRepositorySecrets(oci).spec).toMatchObject({
      ociAuth: { authType: 'docker', username: 'robot', password: MASKED_SECRET },
    });
    expect(maskRepositorySecrets(http)).toEqual(http);
  });

  it('does not touch the original', () => {
    maskRepositorySecrets(gitHttp);
    expect(gitHttp.spec).toMatchObject({ httpConfig: { password: 's3cret' } });
  });

  it.each([
    ['git over http', gitHttp],
    ['git over ssh', gitSsh],
    ['oci', oci],
  ])('round-trips a masked %s repository back to the stored secrets', (_, stored) => {
    expect(keepMaskedRepositorySecrets(maskRepositorySecrets(stored), stored)).toEqual(stored);
  });

  it('keeps new values and leaves placeholders with nothing stored', () => {
    const incoming = repo({
      type: 'git',
      url: 'https://x',
      httpConfig: { username: 'bob', password: 'new', token: MASKED_SECRET },
    });
    expect(keepMaskedRepositorySecrets(incoming, gitHttp).spec).toMatchObject({
      httpConfig: { username: 'bob', password: 'new', token: 'tok' },
    });
    expect(keepMaskedRepositorySecrets(incoming, undefined)).toEqual(incoming);
  });
});
