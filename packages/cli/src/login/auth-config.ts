/**
 * GET /api/v1/auth/config at login: how the server authenticates. Whatever goes wrong is told in
 * terms of the URL given, with a hint when the URL has parts an API address does not have.
 */
import type { AuthConfig } from '@flightctl/api';
import type { ApiClient } from '../client/api-client.js';
import { ERROR_STATUSES } from '../client/service-support.js';
import { urlFormatHint } from '../config/login-url.js';
import { CliError } from '../errors.js';

/** Upstream's answer to /auth/config when the server has no authentication at all. */
const STATUS_AUTH_NOT_CONFIGURED = 418;

function withHint(message: string, server: string): string {
  const hint = urlFormatHint(server);
  return hint ? `${message}. ${hint}` : message;
}

/** The server's AuthConfig; undefined when it has no authentication at all. */
export async function fetchAuthConfig(client: ApiClient, server: string): Promise<AuthConfig | undefined> {
  let res;
  try {
    res = await client.get<AuthConfig>('/auth/config', undefined, [...ERROR_STATUSES]);
  } catch (err) {
    if (err instanceof CliError) throw new CliError(withHint(err.message, server));
    // Not JSON: whatever answered is not a Flight Control API.
    throw new CliError(
      `unexpected response from ${server}. Please verify that the API URL is correct and points to a valid Flight Control API server`,
    );
  }
  if (res.status === STATUS_AUTH_NOT_CONFIGURED) return undefined;
  if (res.status !== 200)
    throw new CliError(
      withHint(
        `unexpected response code ${res.status} from ${server}. Please verify that the API URL is correct and the server is running`,
        server,
      ),
    );
  return res.body;
}
