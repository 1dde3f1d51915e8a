import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AuthConfig, PermissionList, TokenRequest, TokenResponse, UserInfoResponse } from './auth-config.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));

describe('AuthConfig', () => {
  it('accepts the public config with a masked provider', () => {
    const config: AuthConfig = {
      apiVersion: 'v1beta1',
      defaultProvider: 'corp-sso',
      organizationsEnabled: true,
      providers: [
        {
          apiVersion: 'flightctl.io/v1beta1',
          kind: 'AuthProvider',
          metadata: { name: 'corp-sso' },
          spec: {
            providerType: 'oidc',
            issuer: 'https://sso.example.com',
            clientId: 'flightctl',
            clientSecret: '*****',
            organizationAssignment: { type: 'static', organizationName: 'default' },
            roleAssignment: { type: 'static', roles: ['flightctl-viewer'] },
          },
        },
      ],
    };
    expect(ajv.validate(AuthConfig, config)).toBe(true);
    expect(ajv.validate(AuthConfig, { apiVersion: 'v1beta1' })).toBe(true);
    expect(ajv.validate(AuthConfig, {})).toBe(false);
  });
});

describe('TokenRequest', () => {
  it('accepts both grants, with nullable optional fields', () => {
    expect(ajv.validate(TokenRequest, { grant_type: 'refresh_token', client_id: 'cli', refresh_token: 'r' })).toBe(
      true,
    );
    const code = {
      grant_type: 'authorization_code',
      client_id: 'ui',
      code: 'c',
      code_verifier: 'v',
      redirect_uri: null,
      scope: null,
    };
    expect(ajv.validate(TokenRequest, code)).toBe(true);
  });

  it('rejects other grants, an empty client id and unknown fields', () => {
    expect(ajv.validate(TokenRequest, { grant_type: 'password', client_id: 'cli' })).toBe(false);
    expect(ajv.validate(TokenRequest, { grant_type: 'refresh_token', client_id: '' })).toBe(false);
    expect(ajv.validate(TokenRequest, { grant_type: 'refresh_token', client_id: 'cli', username: 'u' })).toBe(false);
  });
});

describe('TokenResponse, UserInfoResponse, PermissionList', () => {
  it('describes token success and failure', () => {
    const ok = { access_token: 'a', token_type: 'Bearer', id_token: 'i', refresh_token: 'r', expires_in: 300 };
    expect(ajv.validate(TokenResponse, ok)).toBe(true);
    expect(ajv.validate(TokenResponse, { error: 'invalid_grant', error_description: 'expired' })).toBe(true);
    expect(ajv.validate(TokenResponse, { token_type: 'MAC' })).toBe(false);
  });

  it('describes userinfo with organizations', () => {
    const info = {
      sub: '6f1e',
      preferred_username: 'alice',
      name: 'Alice Example',
      organizations: [
        { apiVersion: 'v1beta1', kind: 'Organization', metadata: { name: '00000000-0000-0000-0000-000000000000' } },
      ],
    };
    expect(ajv.validate(UserInfoResponse, info)).toBe(true);
    expect(ajv.validate(UserInfoResponse, { email: 'a@example.com' })).toBe(false);
  });

  it('describes permissions', () => {
    const list = {
      permissions: [
        { resource: 'devices', operations: ['get', 'list'] },
        { resource: '*', operations: ['*'] },
      ],
    };
    expect(ajv.validate(PermissionList, list)).toBe(true);
    expect(ajv.validate(PermissionList, { permissions: [{ resource: 'devices' }] })).toBe(false);
  });
});
