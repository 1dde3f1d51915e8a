/**
 * The flags of `flightctl login` and the rules for combining them (ref/clients.md §1.5).
 * Credentials come, field by field, from --credentials-file, else the flags, else
 * $FLIGHTCTL_TOKEN / $FLIGHTCTL_USERNAME / $FLIGHTCTL_PASSWORD.
 */
import { readFileSync, statSync } from 'node:fs';
import { CliError } from '../errors.js';

export interface LoginFlags {
  token?: string;
  credentialsFile?: string;
  provider?: string;
  showProviders?: boolean;
  certificateAuthority?: string;
  authCertificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  callbackPort: string;
  username?: string;
  password?: string;
  web?: boolean;
  /** False with --no-browser. */
  browser: boolean;
}

export interface Credentials {
  token?: string;
  username?: string;
  password?: string;
}

const CREDENTIAL_FIELDS = ['token', 'username', 'password'] as const;

/** The file holds secrets, so like ssh keys it must not be readable by group or others. */
function readCredentialsFile(path: string): Credentials {
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError(`credentials file ${path} is not a regular file`);
    mode = stat.mode & 0o777;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`reading credentials file ${path}: ${(err as Error).message}`);
  }
  if (mode & 0o077)
    throw new CliError(
      `credentials file ${path} must not be accessible by group or others (mode ${mode.toString(8).padStart(4, '0')}): run "chmod 600 ${path}"`,
    );
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`credentials file ${path}: invalid JSON: ${(err as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CliError(`credentials file ${path} must hold a JSON object with token, username and/or password`);
  const record = data as Record<string, unknown>;
  const credentials: Credentials = {};
  for (const field of CREDENTIAL_FIELDS) {
    const value = record[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new CliError(`credentials file ${path}: "${field}" must be a string`);
    credentials[field] = value;
  }
  return credentials;
}

export function resolveCredentials(flags: LoginFlags, env: NodeJS.ProcessEnv = process.env): Credentials {
  const file = flags.credentialsFile ? readCredentialsFile(flags.credentialsFile) : {};
  const fromEnv: Credentials = {
    token: env.FLIGHTCTL_TOKEN,
    username: env.FLIGHTCTL_USERNAME,
    password: env.FLIGHTCTL_PASSWORD,
  };
  const resolved: Credentials = {};
  for (const field of CREDENTIAL_FIELDS) {
    const value = file[field] || flags[field] || fromEnv[field];
    if (value) resolved[field] = value;
  }
  return resolved;
}

/** --show-providers only lists; it must not be mixed with anything that logs in. */
function validateShowProviders(flags: LoginFlags): void {
  const conflicts: [boolean, string][] = [
    [Boolean(flags.token), '--token'],
    [Boolean(flags.credentialsFile), '--credentials-file'],
    [Boolean(flags.provider), '--provider'],
    [Boolean(flags.authCertificateAuthority), '--auth-certificate-authority'],
    [Boolean(flags.username || flags.password), '--username or --password'],
    [Boolean(flags.web), '--web'],
  ];
  const conflict = conflicts.find(([present]) => present);
  if (conflict) throw new CliError(`--show-providers cannot be used with ${conflict[1]}`);
}

export function validateLoginFlags(flags: LoginFlags, credentials: Credentials): void {
  if (!/^\d+$/.test(flags.callbackPort) || Number(flags.callbackPort) < 1 || Number(flags.callbackPort) > 65535)
    throw new CliError(`invalid --callback-port "${flags.callbackPort}": must be a port number (1-65535)`);
  if (flags.showProviders) return validateShowProviders(flags);
  if (credentials.token) {
    if (flags.provider) throw new CliError('--token cannot be used with --provider');
    if (flags.authCertificateAuthority) throw new CliError('--token cannot be used with --auth-certificate-authority');
    if (credentials.username || credentials.password)
      throw new CliError('--token cannot be used with --username or --password');
  }
  if (Boolean(credentials.username) !== Boolean(credentials.password))
    throw new CliError('--username and --password must be used together');
  if (flags.web && (credentials.username || credentials.password))
    throw new CliError('--web cannot be used with --username or --password');
  if (!flags.browser && !flags.web) throw new CliError('--no-browser can only be used with --web');
}
