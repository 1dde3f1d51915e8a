/**
 * The enrollment calls (ref/agent.md §13), authenticated with the enrollment certificate: create the
 * device's EnrollmentRequest and read it back until it carries the management certificate.
 */
import type { EnrollmentRequest } from '@flightctl/api';
import type { ServiceClient } from './service-client.js';

const REQUEST_TIMEOUT_MS = 60_000;

export class EnrollmentClient {
  constructor(private readonly http: ServiceClient) {}

  /** Creates the request; `exists` when the service already has one of this name (409). */
  async createEnrollmentRequest(request: EnrollmentRequest, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const { statusCode } = await this.http.request('create_enrollmentrequest_duration', 'POST', '/enrollmentrequests', {
      body: request,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expect: [200, 201, 409],
      signal,
    });
    return statusCode === 409 ? 'exists' : 'created';
  }

  async getEnrollmentRequest(name: string, signal?: AbortSignal): Promise<EnrollmentRequest> {
    const { body } = await this.http.request<EnrollmentRequest>(
      'get_enrollmentrequest_duration',
      'GET',
      `/enrollmentrequests/${encodeURIComponent(name)}`,
      { timeoutMs: REQUEST_TIMEOUT_MS, expect: [200], signal },
    );
    if (!body) throw new Error('get enrollment request: empty response');
    return body;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
