/**
 * The authentication bodies (api.md §4.10): AuthConfig (public, lists the providers a client
 * can log in with), the OAuth2 token exchange, OIDC-style userinfo and the caller's permissions.
 */
import Type, { type Static } from 'typebox';
import { ApiVersion } from '../common/meta.js';
import { AuthProvider } from './auth-provider.js';
import { Organization } from './organization.js';

export const AuthConfig = Type.Object(
  {
    apiVersion: ApiVersion,
    providers: Type.Optional(Type.Array(AuthProvider)),
    defaultProvider: Type.Optional(Type.String({ description: 'Name of the default provider.' })),
    organizationsEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'AuthConfig' },
);
export type AuthConfig = Static<typeof AuthConfig>;

/** Upstream declares the optional token-request fields nullable. */
const NullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]));

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Enum(['refresh_token', 'authorization_code'], { type: 'string' }),
    client_id: Type.String({ minLength: 1 }),
    refresh_token: NullableString,
    code: NullableString,
    scope: NullableString,
    code_verifier: NullableString,
    redirect_uri: NullableString,
  },
  { additionalProperties: false, title: 'TokenRequest' },
);
export type TokenRequest = Static<typeof TokenRequest>;

/** Success carries the tokens; failure carries `error` and `error_description` (RFC 6749 §5.2). */
export const TokenResponse = Type.Object(
  {
    access_token: Type.Optional(Type.String()),
    token_type: Type.Optional(Type.Enum(['Bearer'], { type: 'string' })),
    id_token: Type.Optional(Type.String()),
    refresh_token: Type.Optional(Type.String()),
    expires_in: Type.Optional(Type.Integer({ description: 'Seconds until the access token expires.' })),
    error: Type.Optional(Type.String()),
    error_description: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'TokenResponse' },
);
export type TokenResponse = Static<typeof TokenResponse>;

export const UserInfoResponse = Type.Object(
  {
    sub: Type.Optional(Type.String()),
    preferred_username: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    organizations: Type.Optional(Type.Array(Organization)),
    error: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'UserInfoResponse' },
);
export type UserInfoResponse = Static<typeof UserInfoResponse>;

export const Permission = Type.Object(
  {
    resource: Type.String({ description: 'e.g. "devices", or "*" for all.' }),
    operations: Type.Array(Type.String({ description: 'get, list, create, update, patch, delete, or "*".' })),
  },
  { additionalProperties: false, title: 'Permission' },
);
export type Permission = Static<typeof Permission>;

export const PermissionList = Type.Object(
  { permissions: Type.Array(Permission) },
  { additionalProperties: false, title: 'PermissionList' },
);
export type PermissionList = Static<typeof PermissionList>;
