/**
 * AuthProvider (api.md §4.10): an identity provider users log in through (OIDC, OAuth2, OpenShift,
 * AAP, Kubernetes), how its users map to organizations and roles, the rules the server applies
 * beyond the schema, and masking of the client secret.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { ApiVersion, ListOf, ObjectMeta } from '../common/meta.js';
import { validateLabelValue, validateQualifiedName } from '../common/names.js';
import { DiscriminatedUnion } from './discriminated-union.js';
import { validateMetadata } from './metadata-validation.js';
import { keepMaskedSecrets, maskSecrets, type SecretPath } from './secret-masking.js';

export const EXTERNAL_ROLE_ADMIN = 'flightctl-admin';
/** Role names providers may hand out; each maps to an internal role (admin, org-admin, …). */
export const KNOWN_EXTERNAL_ROLES = [
  EXTERNAL_ROLE_ADMIN,
  'flightctl-org-admin',
  'flightctl-operator',
  'flightctl-viewer',
  'flightctl-installer',
] as const;

const ClaimPath = Type.Array(Type.String(), { description: 'JSON path into the token claims, e.g. ["groups"].' });

export const AuthStaticOrganizationAssignment = Type.Object(
  { type: Type.Literal('static'), organizationName: Type.String() },
  { additionalProperties: false, title: 'AuthStaticOrganizationAssignment' },
);
export const AuthDynamicOrganizationAssignment = Type.Object(
  {
    type: Type.Literal('dynamic'),
    claimPath: ClaimPath,
    organizationNamePrefix: Type.Optional(Type.String({ default: '' })),
    organizationNameSuffix: Type.Optional(Type.String({ default: '' })),
  },
  { additionalProperties: false, title: 'AuthDynamicOrganizationAssignment' },
);
export const AuthPerUserOrganizationAssignment = Type.Object(
  {
    type: Type.Literal('perUser'),
    organizationNamePrefix: Type.Optional(Type.String({ default: 'user-org-' })),
    organizationNameSuffix: Type.Optional(Type.String({ default: '' })),
  },
  { additionalProperties: false, title: 'AuthPerUserOrganizationAssignment' },
);
export const AuthOrganizationAssignment = DiscriminatedUnion(
  'type',
  [AuthStaticOrganizationAssignment, AuthDynamicOrganizationAssignment, AuthPerUserOrganizationAssignment],
  { title: 'AuthOrganizationAssignment' },
);
export type AuthOrganizationAssignment = Static<typeof AuthOrganizationAssignment>;

export const AuthStaticRoleAssignment = Type.Object(
  { type: Type.Literal('static'), roles: Type.Array(Type.String()) },
  { additionalProperties: false, title: 'AuthStaticRoleAssignment' },
);
export const AuthDynamicRoleAssignment = Type.Object(
  {
    type: Type.Literal('dynamic'),
    claimPath: ClaimPath,
    separator: Type.Optional(
      Type.String({ default: ':', description: 'Splits "org:role" values into organization-scoped roles.' }),
    ),
  },
  { additionalProperties: false, title: 'AuthDynamicRoleAssignment' },
);
export const AuthRoleAssignment = DiscriminatedUnion('type', [AuthStaticRoleAssignment, AuthDynamicRoleAssignment], {
  title: 'AuthRoleAssignment',
});
export type AuthRoleAssignment = Static<typeof AuthRoleAssignment>;

export const Rfc7662IntrospectionSpec = Type.Object(
  { type: Type.Literal('rfc7662'), url: Type.String() },
  { additionalProperties: false, title: 'Rfc7662IntrospectionSpec' },
);
export const GitHubIntrospectionSpec = Type.Object(
  { type: Type.Literal('github'), url: Type.Optional(Type.String({ default: 'https://api.github.com' })) },
  { additionalProperties: false, title: 'GitHubIntrospectionSpec' },
);
export const JwtIntrospectionSpec = Type.Object(
  {
    type: Type.Literal('jwt'),
    jwksUrl: Type.String(),
    issuer: Type.Optional(Type.String()),
    audience: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false, title: 'JwtIntrospectionSpec' },
);
export const OAuth2Introspection = DiscriminatedUnion(
  'type',
  [Rfc7662IntrospectionSpec, GitHubIntrospectionSpec, JwtIntrospectionSpec],
  { title: 'OAuth2Introspection' },
);
export type OAuth2Introspection = Static<typeof OAuth2Introspection>;

const DisplayName = Type.Optional(Type.String());
const Enabled = Type.Optional(Type.Boolean({ default: true }));
const Scopes = Type.Array(Type.String());
const ClientSecret = Type.String({ format: 'password', description: 'Returned as "*****".' });
const UsernameClaim = Type.Optional(Type.Array(Type.String(), { default: ['preferred_username'] }));

export const OIDCProviderSpec = Type.Object(
  {
    providerType: Type.Literal('oidc'),
    displayName: DisplayName,
    issuer: Type.String({ description: 'e.g. https://accounts.google.com' }),
    clientId: Type.String(),
    clientSecret: ClientSecret,
    enabled: Enabled,
    scopes: Type.Optional(Scopes),
    organizationAssignment: AuthOrganizationAssignment,
    usernameClaim: UsernameClaim,
    roleAssignment: AuthRoleAssignment,
  },
  { additionalProperties: false, title: 'OIDCProviderSpec' },
);
export type OIDCProviderSpec = Static<typeof OIDCProviderSpec>;

export const OAuth2ProviderSpec = Type.Object(
  {
    providerType: Type.Literal('oauth2'),
    displayName: DisplayName,
    issuer: Type.Optional(Type.String({ description: 'Issuer identifier expected in tokens.' })),
    authorizationUrl: Type.String(),
    tokenUrl: Type.String(),
    userinfoUrl: Type.String(),
    clientId: Type.String(),
    clientSecret: ClientSecret,
    enabled: Enabled,
    scopes: Type.Optional(Scopes),
    organizationAssignment: AuthOrganizationAssignment,
    usernameClaim: UsernameClaim,
    roleAssignment: AuthRoleAssignment,
    introspection: Type.Optional(OAuth2Introspection),
  },
  { additionalProperties: false, title: 'OAuth2ProviderSpec' },
);
export type OAuth2ProviderSpec = Static<typeof OAuth2ProviderSpec>;

export const OpenShiftProviderSpec = Type.Object(
  {
    providerType: Type.Literal('openshift'),
    displayName: DisplayName,
    issuer: Type.Optional(Type.String()),
    authorizationUrl: Type.Optional(Type.String()),
    tokenUrl: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    clientSecret: Type.Optional(ClientSecret),
    enabled: Enabled,
    scopes: Type.Optional(Scopes),
    clusterControlPlaneUrl: Type.Optional(Type.String()),
    projectLabelFilter: Type.Optional(Type.String({ description: '"key" or "key=value".' })),
    roleSuffix: Type.Optional(Type.String()),
    organizationNamePrefix: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'OpenShiftProviderSpec' },
);
export type OpenShiftProviderSpec = Static<typeof OpenShiftProviderSpec>;

export const AapProviderSpec = Type.Object(
  {
    providerType: Type.Literal('aap'),
    displayName: DisplayName,
    apiUrl: Type.String(),
    authorizationUrl: Type.String(),
    tokenUrl: Type.String(),
    clientId: Type.String(),
    clientSecret: ClientSecret,
    enabled: Enabled,
    scopes: Scopes,
    organizationNamePrefix: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'AapProviderSpec' },
);
export type AapProviderSpec = Static<typeof AapProviderSpec>;

export const K8sProviderSpec = Type.Object(
  {
    providerType: Type.Literal('k8s'),
    displayName: DisplayName,
    apiUrl: Type.String(),
    rbacNs: Type.Optional(Type.String()),
    enabled: Enabled,
    organizationAssignment: Type.Optional(AuthOrganizationAssignment),
    roleAssignment: Type.Optional(AuthRoleAssignment),
    roleSuffix: Type.Optional(Type.String()),
    organizationNamePrefix: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'K8sProviderSpec' },
);
export type K8sProviderSpec = Static<typeof K8sProviderSpec>;

export const AuthProviderSpec = DiscriminatedUnion(
  'providerType',
  [OIDCProviderSpec, OAuth2ProviderSpec, OpenShiftProviderSpec, AapProviderSpec, K8sProviderSpec],
  { title: 'AuthProviderSpec' },
);
export type AuthProviderSpec = Static<typeof AuthProviderSpec>;

export const AuthProvider = Type.Object(
  { apiVersion: ApiVersion, kind: Type.String(), metadata: ObjectMeta, spec: AuthProviderSpec },
  { additionalProperties: false, title: 'AuthProvider' },
);
export type AuthProvider = Static<typeof AuthProvider>;

export const AuthProviderList = ListOf(AuthProvider, 'AuthProviderList');
export type AuthProviderList = Static<typeof AuthProviderList>;

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function requiredErrors(value: string | undefined, path: string): FieldError[] {
  return isBlank(value) ? [{ path, message: 'is required' }] : [];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An optional URL: checked only when set. */
function urlErrors(value: string | undefined, path: string): FieldError[] {
  if (isBlank(value) || isHttpUrl(value ?? '')) return [];
  return [{ path, message: 'must be a valid http or https URL' }];
}

function requiredUrlErrors(value: string | undefined, path: string): FieldError[] {
  return [...requiredErrors(value, path), ...urlErrors(value, path)];
}

function organizationAssignmentErrors(assignment: AuthOrganizationAssignment | undefined): FieldError[] {
  const path = 'spec.organizationAssignment';
  switch (assignment?.type) {
    case 'static':
      return requiredErrors(assignment.organizationName, `${path}.organizationName`);
    case 'dynamic':
      return assignment.claimPath.length === 0 ? [{ path: `${path}.claimPath`, message: 'must not be empty' }] : [];
    default:
      return [];
  }
}

function roleAssignmentErrors(assignment: AuthRoleAssignment | undefined): FieldError[] {
  const path = 'spec.roleAssignment';
  switch (assignment?.type) {
    case 'static':
      if (assignment.roles.length === 0) return [{ path: `${path}.roles`, message: 'must list at least one role' }];
      return assignment.roles.flatMap((role, i) =>
        (KNOWN_EXTERNAL_ROLES as readonly string[]).includes(role)
          ? []
          : [{ path: `${path}.roles[${i}]`, message: `must be one of ${KNOWN_EXTERNAL_ROLES.join(', ')}` }],
      );
    case 'dynamic':
      return assignment.claimPath.length === 0 ? [{ path: `${path}.claimPath`, message: 'must not be empty' }] : [];
    default:
      return [];
  }
}

function introspectionErrors(introspection: OAuth2Introspection | undefined): FieldError[] {
  const path = 'spec.introspection';
  switch (introspection?.type) {
    case undefined:
      // Upstream requires it for OAuth2 although the schema leaves it optional: tokens cannot be checked without it.
      return [{ path, message: 'is required for OAuth2 providers' }];
    case 'rfc7662':
      return requiredUrlErrors(introspection.url, `${path}.url`);
    case 'github':
      return urlErrors(introspection.url, `${path}.url`);
    case 'jwt':
      return requiredUrlErrors(introspection.jwksUrl, `${path}.jwksUrl`);
  }
}

function projectLabelFilterErrors(filter: string | undefined): FieldError[] {
  if (filter === undefined) return [];
  const path = 'spec.projectLabelFilter';
  const [key = '', ...rest] = filter.split('=');
  const problems = [...validateQualifiedName(key), ...(rest.length > 0 ? validateLabelValue(rest.join('=')) : [])];
  return problems.map((problem) => ({ path, message: `must be "key" or "key=value": ${problem}` }));
}

function specErrors(spec: AuthProviderSpec): FieldError[] {
  switch (spec.providerType) {
    case 'oidc':
      return [
        ...requiredUrlErrors(spec.issuer, 'spec.issuer'),
        ...requiredErrors(spec.clientId, 'spec.clientId'),
        ...organizationAssignmentErrors(spec.organizationAssignment),
        ...roleAssignmentErrors(spec.roleAssignment),
      ];
    case 'oauth2':
      return [
        ...requiredUrlErrors(spec.authorizationUrl, 'spec.authorizationUrl'),
        ...requiredUrlErrors(spec.tokenUrl, 'spec.tokenUrl'),
        ...requiredUrlErrors(spec.userinfoUrl, 'spec.userinfoUrl'),
        ...requiredErrors(spec.clientId, 'spec.clientId'),
        ...introspectionErrors(spec.introspection),
        ...organizationAssignmentErrors(spec.organizationAssignment),
        ...roleAssignmentErrors(spec.roleAssignment),
      ];
    case 'openshift':
      return [
        ...urlErrors(spec.authorizationUrl, 'spec.authorizationUrl'),
        ...urlErrors(spec.tokenUrl, 'spec.tokenUrl'),
        ...urlErrors(spec.clusterControlPlaneUrl, 'spec.clusterControlPlaneUrl'),
        ...projectLabelFilterErrors(spec.projectLabelFilter),
      ];
    case 'aap':
    case 'k8s':
      return [
        {
          path: 'spec.providerType',
          message: `${spec.providerType} provider type can only be created from configuration, not via API`,
        },
      ];
  }
}

/**
 * Rules beyond the schema that need no I/O (api.md §4.10). Run `keepMaskedAuthProviderSecrets`
 * first on updates. Caller-dependent rules are in `validateAuthProviderPrivileges`; duplicate
 * providers (409) need the store.
 */
export function validateAuthProvider(provider: AuthProvider): FieldError[] {
  return [...validateMetadata(provider.metadata), ...specErrors(provider.spec)];
}

/** What a caller who is not a super-admin may not configure: these errors apply only to such callers. */
export function validateAuthProviderPrivileges(spec: AuthProviderSpec): FieldError[] {
  const errors: FieldError[] = [];
  const organizationAssignment = 'organizationAssignment' in spec ? spec.organizationAssignment : undefined;
  const roleAssignment = 'roleAssignment' in spec ? spec.roleAssignment : undefined;
  if (organizationAssignment?.type === 'dynamic')
    errors.push({
      path: 'spec.organizationAssignment',
      message: 'only flightctl-admin users are allowed to create auth providers with dynamic organization mapping',
    });
  if (organizationAssignment?.type === 'perUser')
    errors.push({
      path: 'spec.organizationAssignment',
      message: 'only flightctl-admin users are allowed to create auth providers with per-user organization mapping',
    });
  if (roleAssignment?.type === 'static' && roleAssignment.roles.includes(EXTERNAL_ROLE_ADMIN))
    errors.push({
      path: 'spec.roleAssignment.roles',
      message: 'only flightctl-admin users are allowed to create static role mappings for flightctl-admin',
    });
  return errors;
}

const AUTH_PROVIDER_SECRET_PATHS: readonly SecretPath[] = [['spec', 'clientSecret']];

/** A copy fit for a response: the client secret replaced by `*****`. */
export function maskAuthProviderSecrets(provider: AuthProvider): AuthProvider {
  return maskSecrets(provider, AUTH_PROVIDER_SECRET_PATHS);
}

/** `incoming` with a `*****` client secret replaced by the one `stored` holds (PUT/PATCH keep semantics). */
export function keepMaskedAuthProviderSecrets(incoming: AuthProvider, stored: AuthProvider | undefined): AuthProvider {
  return keepMaskedSecrets(incoming, stored, AUTH_PROVIDER_SECRET_PATHS);
}
