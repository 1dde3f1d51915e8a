/** AuthProviders: client secrets are masked, and one identity provider client may be registered once. */
import {
  ApiError,
  AuthProvider,
  FIELD_CATALOGS,
  keepMaskedAuthProviderSecrets,
  maskAuthProviderSecrets,
  validateAuthProvider,
} from '@flightctl/api';
import { authProviders } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { HookContext, ResourceKind } from './resource-kind.js';

/** Upstream treats OIDC (issuer, clientId) and OAuth2 (userinfoUrl, clientId) as the identity of a provider. */
function identity(p: AuthProvider): string | undefined {
  const spec = p.spec as { providerType: string; issuer?: string; userinfoUrl?: string; clientId?: string };
  if (spec.providerType === 'oidc') return `oidc ${spec.issuer} ${spec.clientId}`;
  if (spec.providerType === 'oauth2') return `oauth2 ${spec.userinfoUrl} ${spec.clientId}`;
  return undefined;
}

async function assertUnique({ ctx, tx }: HookContext, provider: AuthProvider): Promise<void> {
  const id = identity(provider);
  if (!id) return;
  for await (const other of tx.authProviders.withType<AuthProvider>().all(ctx.orgId)) {
    if (other.metadata.name !== provider.metadata.name && identity(other) === id)
      throw new ApiError(409, `auth provider "${other.metadata.name}" already uses this issuer and client ID`);
  }
}

export const authProviderKind: ResourceKind<AuthProvider> = {
  kind: 'AuthProvider',
  listKind: 'AuthProviderList',
  plural: 'authproviders',
  schema: AuthProvider,
  validate: validateAuthProvider,
  store: (s) => s.authProviders.withType<AuthProvider>(),
  catalog: FIELD_CATALOGS.AuthProvider,
  columns: SELECTABLE_COLUMNS.AuthProvider,
  labels: authProviders.labels,
  present: maskAuthProviderSecrets,
  keepSecrets: keepMaskedAuthProviderSecrets,
  beforeCreate: assertUnique,
  beforeUpdate: (h, _current, next) => assertUnique(h, next),
};
