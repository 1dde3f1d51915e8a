/**
 * `flightctl login URL` and `flightctl logout` (ref/clients.md §1.5): ask the server how it
 * authenticates, check the token, pick the organization, and write the context's client config.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiClient } from '../client/api-client.js';
import { describeOrganization, listOrganizations } from '../client/organizations.js';
import { statusMessage } from '../client/service-support.js';
import { withContext } from '../command-context.js';
import { configLocation, writeClientConfig, type ClientConfig, type ServiceEntry } from '../config/client-config.js';
import { deriveServices } from '../config/derived-services.js';
import { normalizeLoginUrl } from '../config/login-url.js';
import type { CommandContext, Output } from '../context.js';
import { CliError } from '../errors.js';
import { fetchAuthConfig } from '../login/auth-config.js';
import { resolveCredentials, validateLoginFlags, type Credentials, type LoginFlags } from '../login/login-options.js';
import { formatProviders, selectProvider, unsupportedFlow } from '../login/providers.js';

function serviceEntry(server: string, flags: LoginFlags): ServiceEntry & { server: string } {
  const entry: ServiceEntry & { server: string } = { server };
  if (flags.certificateAuthority) {
    try {
      entry['certificate-authority-data'] = readFileSync(flags.certificateAuthority).toString('base64');
    } catch (err) {
      throw new CliError(`failed to read CA file: ${(err as Error).message}`);
    }
  }
  if (flags.insecureSkipTlsVerify) entry.insecureSkipVerify = true;
  return entry;
}

/** What a server without authentication makes unnecessary, said once. */
function authDisabledNotice(credentials: Credentials, flags: LoginFlags): string {
  const notes = ['Authentication is disabled on the server.'];
  if (credentials.token) notes.push('The token is stored but not needed.');
  if (flags.web || credentials.username || flags.provider || flags.authCertificateAuthority)
    notes.push('--web, --username/--password, --provider and --auth-certificate-authority are not needed.');
  return `${notes.join(' ')}\n`;
}

async function validateToken(client: ApiClient): Promise<void> {
  const res = await client.get('/auth/validate', undefined, [401, 403]);
  if (res.status !== 200)
    throw new CliError(`the token provided is invalid or expired: ${statusMessage(res) ?? `status ${res.status}`}`);
}

/** Upstream stores the first organization the caller can see (even when there are several). */
async function selectOrganization(client: ApiClient, io: Output): Promise<string | undefined> {
  let orgs;
  try {
    orgs = await listOrganizations(client);
  } catch {
    // Servers without organizations (or that refuse to list them) still log in.
    return undefined;
  }
  const [org] = orgs;
  if (!org) throw new CliError('you do not have access to any organizations');
  io.out(`Auto-selected organization: ${describeOrganization(org)}\n`);
  return org.metadata.name;
}

async function login(ctx: CommandContext, rawUrl: string, flags: LoginFlags): Promise<void> {
  const credentials = resolveCredentials(flags);
  validateLoginFlags(flags, credentials);
  const location = ctx.location();
  const defaultPath = configLocation({}).path;
  if (location.path !== defaultPath)
    ctx.io.out(`Using a non-default configuration file path: ${location.path} (Default: ${defaultPath})\n`);

  const server = normalizeLoginUrl(rawUrl);
  const service = serviceEntry(server, flags);
  const config: ClientConfig = { service };
  if (credentials.token) config.authentication = { 'access-token': credentials.token, 'token-to-use': 'access' };
  const client = new ApiClient({ config, timeoutSeconds: Number(ctx.globals.requestTimeout ?? 0) });
  try {
    const authConfig = await fetchAuthConfig(client, server);
    if (flags.showProviders) {
      ctx.io.out(
        authConfig?.providers?.length ? formatProviders(authConfig) : 'No authentication providers configured\n',
      );
      return;
    }
    if (!authConfig?.providers?.length) ctx.io.out(authDisabledNotice(credentials, flags));
    else if (!credentials.token) throw unsupportedFlow(selectProvider(authConfig, flags.provider), credentials, flags);

    if (credentials.token) await validateToken(client);
    const organization = await selectOrganization(client, ctx.io);
    if (organization) config.organization = organization;
  } finally {
    await client.close();
  }
  writeClientConfig(location, { service, ...deriveServices(service), ...config });
  ctx.io.out('Login successful.\n');
}

export function registerLogin(program: Command, io: Output): void {
  const command: Command = program
    .command('login')
    .description('Login to flight control')
    .argument('[URL]', 'the API server, e.g. https://api.example.com (https:// is assumed)')
    .option('-t, --token <token>', 'bearer token for authentication to the API server ($FLIGHTCTL_TOKEN)')
    .option('--credentials-file <file>', 'JSON file with token, username and/or password; mode 0600 or stricter')
    .option('--provider <name>', 'name of the authentication provider to use')
    .option('--show-providers', 'list the authentication providers of the server')
    .option('--certificate-authority <file>', 'CA certificate file of the API server (stored in the client config)')
    .option('--auth-certificate-authority <file>', 'CA certificate file of the authentication server')
    .option('-k, --insecure-skip-tls-verify', "do not verify the server's certificate (insecure)")
    .option('--callback-port <port>', 'local port for the browser login callback', '8080')
    .option('-u, --username <username>', 'username for the password flow ($FLIGHTCTL_USERNAME)')
    .option('-p, --password <password>', 'password for the password flow ($FLIGHTCTL_PASSWORD)')
    .option('--web', 'log in through the browser (authorization code flow)')
    .option('--no-browser', 'print the browser login URL instead of opening it (with --web)')
    .action(
      withContext(io, async (ctx, url: string | undefined, flags: LoginFlags) => {
        if (url === undefined || url === 'help') {
          command.outputHelp();
          return;
        }
        await login(ctx, url, flags);
      }),
    );
}

export function registerLogout(program: Command, io: Output): void {
  program
    .command('logout')
    .description("Log out: remove the context's client config file")
    .action(
      withContext(io, async (ctx) => {
        const location = ctx.location();
        // Reading it first gives the usual "you must log in" / "context does not exist" errors.
        ctx.config();
        rmSync(location.path);
        ctx.io.out(`Logged out: removed ${location.path}\n`);
      }),
    );
}
