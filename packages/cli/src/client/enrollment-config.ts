/** GET /api/v1/enrollmentconfig: what an agent needs to enroll, used by `enrollmentconfig` and `certificate request`. */
import type { EnrollmentConfig } from '@flightctl/api';
import { CliError } from '../errors.js';
import type { ApiClient } from './api-client.js';
import { ERROR_STATUSES, isMissingEndpoint, statusMessage, unsupportedByService } from './service-support.js';

export async function fetchEnrollmentConfig(client: ApiClient, csrName?: string): Promise<EnrollmentConfig> {
  const query = csrName ? { csr: csrName } : undefined;
  const res = await client.get<EnrollmentConfig>('/enrollmentconfig', query, [...ERROR_STATUSES]);
  if (isMissingEndpoint(res)) throw unsupportedByService('the enrollment config', 'GET /api/v1/enrollmentconfig');
  if (res.status !== 200)
    throw new CliError(`failed to get enrollment config: ${statusMessage(res) ?? `status ${res.status}`}`);
  return res.body;
}
