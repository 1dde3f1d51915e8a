import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  AuthProvider,
  AuthProviderList,
  keepMaskedAuthProviderSecrets,
  maskAuthProviderSecrets,
  validateAuthProvider,
  validateAuthProviderPrivileges,
} from './auth-provider.js';
import { MASKED_SECRET } from './secret-masking.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));
const validProvider = ajv.compile(AuthProvider);

function provider(spec: AuthProvider['spec'], name = 'corp-sso'): AuthProvider {
  return { apiVersion: 'flightctl.io/v1beta1', kind: 'AuthProvider', metadata: { name }, spec };
}

const oidc = provider({
  providerType: 'oidc',
  displayName: 'Corporate SSO',
  issuer: 'https://sso.example.com/realms/edge',
  clientId: 'flightctl',
  clientSecret: 'oidc-secret',
  enabled: true,
  scopes: ['openid', 'profile', 'email'],
  usernameClaim: ['preferred_username'],
  organizationAssignment: { type: 'static', organizationName: 'edge-team' },
  roleAssignment: { type: 'dynamic', claimPath: ['groups'], separator: ':' },
});

const oauth2 = provider(
  {
    providerType: 'oauth2',
    displayName: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    userinfoUrl: 'https://api.github.com/user',
    clientId: 'Iv1.0123456789abcdef',
    clientSecret: 'gh-secret',
    scopes: ['read:user'],
    usernameClaim: ['login'],
    organizationAssignment: { type: 'perUser', organizationNamePrefix: 'user-org-' },
    roleAssignment: { type: 'static', roles: ['flightctl-operator'] },
    introspection: { type: 'github' },
  },
  'github',
);

const openshift = provider(
  {
    providerType: 'openshift',
    clusterControlPlaneUrl: 'https://api.ocp.example.com:6443',
    authorizationUrl: 'https://oauth-openshift.apps.ocp.example.com/oauth/authorize',
    tokenUrl: 'https://oauth-openshift.apps.ocp.example.com/oauth/token',
    clientId: 'flightctl',
    clientSecret: 'ocp-secret',
    projectLabelFilter: 'flightctl.io/managed=true',
  },
  'openshift',
);

const aap = provider(
  {
    providerType: 'aap',
    apiUrl: 'https://aap.example.com',
    authorizationUrl: 'https://aap.example.com/o/authorize/',
    tokenUrl: 'https://aap.example.com/o/token/',
    clientId: 'c',
    clientSecret: 's',
    scopes: ['read'],
  },
  'aap',
);

const k8s = provider({ providerType: 'k8s', apiUrl: 'https://kubernetes.default.svc', rbacNs: 'flightctl' }, 'k8s');

function withSpec(base: AuthProvider, spec: object): AuthProvider {
  return { ...base, spec: { ...base.spec, ...spec } as AuthProvider['spec'] };
}

function paths(p: AuthProvider): string[] {
  return validateAuthProvider(p).map((e) => e.path);
}

describe('AuthProvider schema', () => {
  it.each([
    ['oidc', oidc],
    ['oauth2', oauth2],
    ['openshift', openshift],
    ['aap', aap],
    ['k8s', k8s],
  ])('accepts a %s provider', (_, p) => {
    expect(validProvider(p), JSON.stringify(validProvider.errors)).toBe(true);
  });

  it('accepts a list', () => {
    expect(
      ajv.validate(AuthProviderList, { apiVersion: 'v1beta1', kind: 'AuthProviderList', metadata: {}, items: [oidc] }),
    ).toBe(true);
  });

  it('rejects missing required fields, unknown types and stray fields', () => {
    const { clientSecret: _c, ...noSecret } = oidc.spec as Extract<AuthProvider['spec'], { providerType: 'oidc' }>;
    expect(validProvider({ ...oidc, spec: noSecret })).toBe(false);
    expect(validProvider(withSpec(oidc, { providerType: 'saml' }))).toBe(false);
    expect(validProvider(withSpec(oidc, { tokenUrl: 'https://x' }))).toBe(false);
    expect(validProvider(withSpec(aap, { scopes: undefined }))).toBe(false);
    expect(validProvider(withSpec(oidc, { organizationAssignment: { type: 'static' } }))).toBe(false);
    expect(validProvider(withSpec(oauth2, { introspection: { type: 'jwt' } }))).toBe(false);
  });
});

describe('validateAuthProvider', () => {
  it.each([
    ['oidc', oidc],
    ['oauth2', oauth2],
    ['openshift', openshift],
  ])('accepts a %s provider', (_, p) => {
    expect(validateAuthProvider(p)).toEqual([]);
  });

  it.each([
    ['k8s', k8s],
    ['aap', aap],
  ])('refuses %s providers through the API', (type, p) => {
    expect(validateAuthProvider(p)).toEqual([
      {
        path: 'spec.providerType',
        message: `${type} provider type can only be created from configuration, not via API`,
      },
    ]);
  });

  it('wants OIDC issuer and client id', () => {
    expect(paths(withSpec(oidc, { issuer: '', clientId: ' ' }))).toEqual(['spec.issuer', 'spec.clientId']);
    expect(validateAuthProvider(withSpec(oidc, { issuer: 'sso.example.com' }))).toEqual([
      { path: 'spec.issuer', message: 'must be a valid http or https URL' },
    ]);
  });

  it('wants valid OAuth2 endpoints and introspection', () => {
    expect(paths(withSpec(oauth2, { tokenUrl: 'ftp://x/token', userinfoUrl: '' }))).toEqual([
      'spec.tokenUrl',
      'spec.userinfoUrl',
    ]);
    expect(validateAuthProvider(withSpec(oauth2, { introspection: undefined }))).toEqual([
      { path: 'spec.introspection', message: 'is required for OAuth2 providers' },
    ]);
    expect(paths(withSpec(oauth2, { introspection: { type: 'rfc7662', url: 'not a url' } }))).toEqual([
      'spec.introspection.url',
    ]);
    expect(paths(withSpec(oauth2, { introspection: { type: 'jwt', jwksUrl: '' } }))).toEqual([
      'spec.introspection.jwksUrl',
    ]);
    expect(
      paths(withSpec(oauth2, { introspection: { type: 'github', url: 'https://ghe.example.com/api/v3' } })),
    ).toEqual([]);
  });

  it('checks organization and role assignments', () => {
    expect(paths(withSpec(oidc, { organizationAssignment: { type: 'static', organizationName: '' } }))).toEqual([
      'spec.organizationAssignment.organizationName',
    ]);
    expect(paths(withSpec(oidc, { organizationAssignment: { type: 'dynamic', claimPath: [] } }))).toEqual([
      'spec.organizationAssignment.claimPath',
    ]);
    expect(paths(withSpec(oidc, { roleAssignment: { type: 'static', roles: [] } }))).toEqual([
      'spec.roleAssignment.roles',
    ]);
    expect(paths(withSpec(oidc, { roleAssignment: { type: 'static', roles: ['flightctl-viewer', 'root'] } }))).toEqual([
      'spec.roleAssignment.roles[1]',
    ]);
    expect(paths(withSpec(oidc, { roleAssignment: { type: 'dynamic', claimPath: [] } }))).toEqual([
      'spec.roleAssignment.claimPath',
    ]);
  });

  it('checks OpenShift URLs and the project label filter', () => {
    expect(paths(withSpec(openshift, { clusterControlPlaneUrl: 'api.ocp:6443' }))).toEqual([
      'spec.clusterControlPlaneUrl',
    ]);
    expect(paths(withSpec(openshift, { projectLabelFilter: 'team' }))).toEqual([]);
    expect(paths(withSpec(openshift, { projectLabelFilter: 'bad key=x' }))).toEqual(['spec.projectLabelFilter']);
    expect(paths(withSpec(openshift, { projectLabelFilter: 'team=not valid' }))).toEqual(['spec.projectLabelFilter']);
  });

  it('checks the name', () => {
    expect(paths(provider(oidc.spec, 'Corp SSO'))).toEqual(['metadata.name']);
  });
});

describe('validateAuthProviderPrivileges', () => {
  it('lists what needs a super-admin', () => {
    expect(validateAuthProviderPrivileges(oidc.spec)).toEqual([]);
    expect(validateAuthProviderPrivileges(oauth2.spec).map((e) => e.message)).toEqual([
      'only flightctl-admin users are allowed to create auth providers with per-user organization mapping',
    ]);
    const dynamicAdmin = withSpec(oidc, {
      organizationAssignment: { type: 'dynamic', claimPath: ['org'] },
      roleAssignment: { type: 'static', roles: ['flightctl-admin'] },
    });
    expect(validateAuthProviderPrivileges(dynamicAdmin.spec).map((e) => e.path)).toEqual([
      'spec.organizationAssignment',
      'spec.roleAssignment.roles',
    ]);
    expect(validateAuthProviderPrivileges(openshift.spec)).toEqual([]);
  });
});

describe('auth provider secret masking', () => {
  it('masks the client secret only', () => {
    expect(maskAuthProviderSecrets(oidc)).toEqual(withSpec(oidc, { clientSecret: MASKED_SECRET }));
    expect(maskAuthProviderSecrets(k8s)).toEqual(k8s);
  });

  it.each([
    ['oidc', oidc],
    ['oauth2', oauth2],
    ['openshift', openshift],
  ])('round-trips a masked %s provider', (_, p) => {
    expect(keepMaskedAuthProviderSecrets(maskAuthProviderSecrets(p), p)).toEqual(p);
  });

  it('keeps a new secret', () => {
    const incoming = withSpec(oidc, { clientSecret: 'rotated' });
    expect(keepMaskedAuthProviderSecrets(incoming, oidc)).toEqual(incoming);
  });
});
