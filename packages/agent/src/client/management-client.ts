/**
 * The management calls (ref/agent.md §13), authenticated with the device's management certificate:
 * the rendered-spec long poll, the status PUT, and the certificate signing requests of certificate
 * renewal. A renewed certificate replaces the connection pool for every later request.
 */
import type { CertificateSigningRequest, Device } from '@flightctl/api';
import { Connection } from './connection.js';
import { ServiceHttpError, type ServiceClient } from './service-client.js';
import type { TlsCredentials } from './tls-credentials.js';

/** The client-side limit of one rendered-spec long poll; the service answers 204 before it. */
const LONG_POLL_TIMEOUT_MS = 4 * 60_000;
const STATUS_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** The service no longer knows this device (it was deleted): the agent must enroll again. */
export class DeviceNotFoundError extends Error {
  override name = 'DeviceNotFoundError';
}

export type RenderedDeviceResult = { changed: true; device: Device } | { changed: false };

export class ManagementClient {
  constructor(
    private readonly http: ServiceClient,
    private readonly tls: TlsCredentials,
  ) {}

  /**
   * Long-polls `/devices/{name}/rendered`: the new rendered device (200), or unchanged (204, and 409
   * while the device is not rendered yet). The known version is always sent, as upstream does.
   */
  async getRenderedDevice(
    name: string,
    knownRenderedVersion: string,
    signal?: AbortSignal,
  ): Promise<RenderedDeviceResult> {
    const path = `/devices/${encodeURIComponent(name)}/rendered?knownRenderedVersion=${encodeURIComponent(knownRenderedVersion)}`;
    try {
      const { statusCode, body } = await this.http.request<Device>('get_rendered_device_spec_duration', 'GET', path, {
        timeoutMs: LONG_POLL_TIMEOUT_MS,
        expect: [200, 204, 409],
        signal,
      });
      if (statusCode !== 200) return { changed: false };
      if (!body) throw new Error('get rendered device: 200 without a body');
      return { changed: true, device: body };
    } catch (err) {
      // Only the "device not found" answer means deletion; a 404 from a proxy does not.
      if (
        err instanceof ServiceHttpError &&
        err.statusCode === 404 &&
        err.serviceMessage.includes('Device of name') &&
        err.serviceMessage.includes('not found')
      )
        throw new DeviceNotFoundError(err.serviceMessage, { cause: err });
      throw err;
    }
  }

  /** Replaces the device's status with the agent's (the whole Device is sent, as upstream). */
  async updateDeviceStatus(name: string, device: Device, signal?: AbortSignal): Promise<void> {
    await this.http.request('update_device_status_duration', 'PUT', `/devices/${encodeURIComponent(name)}/status`, {
      body: device,
      timeoutMs: STATUS_TIMEOUT_MS,
      expect: [200],
      signal,
    });
  }

  async createCertificateSigningRequest(csr: CertificateSigningRequest): Promise<CertificateSigningRequest> {
    const { body } = await this.http.request<CertificateSigningRequest>(
      'create_certificate_signing_request_duration',
      'POST',
      '/certificatesigningrequests',
      { body: csr, timeoutMs: REQUEST_TIMEOUT_MS, expect: [200, 201] },
    );
    if (!body) throw new Error('create certificate signing request: empty response');
    return body;
  }

  /** The request, or undefined when the service does not know it (404). */
  async getCertificateSigningRequest(name: string): Promise<CertificateSigningRequest | undefined> {
    const { statusCode, body } = await this.http.request<CertificateSigningRequest>(
      'get_certificate_signing_request_duration',
      'GET',
      `/certificatesigningrequests/${encodeURIComponent(name)}`,
      { timeoutMs: REQUEST_TIMEOUT_MS, expect: [200, 404] },
    );
    return statusCode === 404 ? undefined : body;
  }

  /** Uses a renewed management certificate (and key) for every later request. */
  useCertificate(certPem: string, keyPem: string): void {
    const previous = this.http.useConnection(new Connection({ ...this.tls, cert: certPem, key: keyPem }));
    // Requests still running (the long poll) finish on the old connection, which closes after them.
    previous.close().catch(() => undefined);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
