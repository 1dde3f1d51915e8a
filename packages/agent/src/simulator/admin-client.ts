/**
 * The simulator's calls to the user API, as the logged-in user: approving the simulated devices'
 * enrollment requests and making sure its fleet exists. One connection (pool) for all.
 */
import type { EnrollmentRequestApproval, Fleet } from '@flightctl/api';
import { API_VERSION } from '@flightctl/api/agent';
import { Connection } from '../client/connection.js';
import type { CliLogin } from './cli-login.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** An answer of the user API other than the one expected; `message` is the Status message. */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class AdminClient {
  private readonly connection: Connection;

  constructor(
    private readonly login: CliLogin,
    connections: number,
  ) {
    this.connection = new Connection(
      {
        ca: login.ca,
        cert: login.cert,
        key: login.key,
        rejectUnauthorized: !login.insecureSkipVerify,
        ...(login.tlsServerName ? { servername: login.tlsServerName } : {}),
      },
      { maxHttp1Connections: connections },
    );
  }

  /** Approves the device's enrollment request with these labels (the device gets them). */
  async approveEnrollmentRequest(name: string, labels: Record<string, string>): Promise<void> {
    const body: EnrollmentRequestApproval = { approved: true, labels };
    await this.send('PUT', `/enrollmentrequests/${encodeURIComponent(name)}/approval`, [200], body);
  }

  async fleetExists(name: string): Promise<boolean> {
    const { statusCode } = await this.send('GET', `/fleets/${encodeURIComponent(name)}`, [200, 404]);
    return statusCode === 200;
  }

  /** Creates the fleet, or replaces the one of its name. */
  async replaceFleet(fleet: Fleet): Promise<void> {
    await this.send('PUT', `/fleets/${encodeURIComponent(fleet.metadata.name!)}`, [200, 201], fleet);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async send(
    method: string,
    path: string,
    expect: number[],
    body?: unknown,
  ): Promise<{ statusCode: number; body: unknown }> {
    const url = new URL(`${this.login.server}/api/v1${path}`);
    if (this.login.organization) url.searchParams.set('org_id', this.login.organization);
    const headers: Record<string, string> = { accept: 'application/json', 'flightctl-api-version': API_VERSION };
    if (this.login.token) headers.authorization = `Bearer ${this.login.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const { statusCode, text } = await this.connection.request({
      method,
      url,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!expect.includes(statusCode)) {
      const message = (parsed as { message?: unknown } | undefined)?.message;
      throw new AdminApiError(
        statusCode,
        `${method} ${url.pathname}: ${statusCode}${typeof message === 'string' ? `: ${message}` : ''}`,
      );
    }
    return { statusCode, body: parsed };
  }
}
