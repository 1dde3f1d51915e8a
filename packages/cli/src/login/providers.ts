/**
 * The authentication providers a server lists in /auth/config: which one a login uses, what this
 * version can do with it, and the `--show-providers` table (ref/clients.md §1.5).
 */
import type { AuthConfig, AuthProvider } from '@flightctl/api';
import { CliError } from '../errors.js';
import type { Credentials, LoginFlags } from './login-options.js';

const providerName = (p: AuthProvider) => p.metadata.name ?? '';

/** --provider, else the server's default, else the first listed. */
export function selectProvider(config: AuthConfig, requested?: string): AuthProvider {
  const providers = config.providers ?? [];
  const wanted = requested || config.defaultProvider || providers[0]?.metadata.name || '';
  const provider = providers.find((p) => providerName(p) === wanted);
  if (!provider)
    throw new CliError(
      `no auth provider found for name: ${wanted}. Available providers: ${providers.map(providerName).join(', ')}`,
    );
  return provider;
}

/** Where the provider's identities come from: the issuer, or the API of an AAP or Kubernetes. */
function issuerOf(spec: AuthProvider['spec']): string {
  const value = 'issuer' in spec ? spec.issuer : 'apiUrl' in spec ? spec.apiUrl : undefined;
  return value || '<none>';
}

export function formatProviders(config: AuthConfig): string {
  const rows = [['NAME', 'TYPE', 'ISSUER', 'ENABLED', 'DEFAULT']];
  for (const p of config.providers ?? [])
    rows.push([
      providerName(p),
      p.spec.providerType,
      issuerOf(p.spec),
      String(p.spec.enabled ?? true),
      providerName(p) === config.defaultProvider ? '*' : '',
    ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i] + 3))
          .join('')
          .trimEnd() + '\n',
    )
    .join('');
}

/** The browser and password flows need the OAuth2/OIDC client, which this version does not have yet. */
export function unsupportedFlow(provider: AuthProvider, credentials: Credentials, flags: LoginFlags): CliError {
  const name = provider.metadata.name ?? '';
  const type = provider.spec.providerType;
  if (type === 'k8s') return new CliError(`the k8s provider "${name}" only accepts tokens: use --token`);
  const flow = credentials.username && !flags.web ? 'password login' : 'browser login';
  return new CliError(
    `${flow} with the ${type} provider "${name}" is not supported by this version of flightctl yet; use --token`,
  );
}
