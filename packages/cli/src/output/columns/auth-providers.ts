/** `get authproviders`: NAME, TYPE, ISSUER, CLIENT ID, ENABLED. */
import type { AuthProvider } from '@flightctl/api';
import type { Column } from '../table.js';
import { NONE } from './common.js';

/** As upstream: issuer for oidc/oauth2/openshift, client id for those too; aap and k8s show neither. */
function issuerAndClientId(spec: AuthProvider['spec']): { issuer?: string; clientId?: string } {
  switch (spec.providerType) {
    case 'oidc':
    case 'oauth2':
    case 'openshift':
      return { issuer: spec.issuer, clientId: spec.clientId };
    default:
      return {};
  }
}

export function authProviderColumns(): Column<AuthProvider>[] {
  return [
    { header: 'NAME', cell: (ap) => ap.metadata.name || NONE },
    { header: 'TYPE', cell: (ap) => ap.spec.providerType },
    { header: 'ISSUER', cell: (ap) => issuerAndClientId(ap.spec).issuer || NONE },
    { header: 'CLIENT ID', cell: (ap) => issuerAndClientId(ap.spec).clientId || NONE },
    { header: 'ENABLED', cell: (ap) => (ap.spec.enabled === undefined ? NONE : String(ap.spec.enabled)), status: true },
  ];
}
