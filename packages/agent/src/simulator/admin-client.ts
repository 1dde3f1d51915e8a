/**
 * The simulator's calls to the user API, as the logged-in user: approving the simulated devices'
 * enrollment requests and making sure its fleet exists. One keep-alive connection pool for all.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { EnrollmentRequestApproval, Fleet } from '@flightctl/api';
import { API_VERSION } from '@flightctl/api/agent';
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
  private readonly dispatcher: Dispatcher;

  constructor(
    private readonly login: CliLogin,
    connections: number,
  ) {
    this.dispatcher = new Agent({
      connections,
      connect: {
        ca: login.ca,
        cert: login.cert,
        key: login.key,
        rejectUnauthorized: !login.insecureSkipVerify,
        ...(login.tlsServerName ? { servername: login.tlsServerName } : {}),
      },
    });
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
    return this.dispatcher.close();
  }

  private async send(
    method: Dispatcher.HttpMethod,
    path: string,
    expect: number[],
    body?: unknown,
  ): Promise<{ statusCode: number; body: unknown }> {
    const url = new URL(`${this.login.server}/api/v1${path}`);
    if (this.login.organization) url.searchParams.set('org_id', this.login.organization);
    const headers: Record<string, string> = { accept: 'application/json', 'flightctl-api-version': API_VERSION };
    if (this.login.token) headers.authorization = `Bearer ${this.login.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.body.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!expect.includes(response.statusCode)) {
      const message = (parsed as { message?: unknown } | undefined)?.message;
      throw new AdminApiError(
        response.statusCode,
        `${method} ${url.pathname}: ${response.statusCode}${typeof message === 'string' ? `: ${message}` : ''}`,
      );
    }
    return { statusCode: response.statusCode, body: parsed };
  }
}
