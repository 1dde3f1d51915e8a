/** The organizations the caller can see (GET /organizations), as login and `config` use them. */
import type { Organization, OrganizationList } from '@flightctl/api';
import type { ApiClient } from './api-client.js';

/** All visible organizations, or just `id` (an allow-list field selector, as upstream looks one up). */
export async function listOrganizations(client: ApiClient, id?: string): Promise<Organization[]> {
  const res = await client.get<OrganizationList>('/organizations', id ? { fieldSelector: `metadata.name=${id}` } : {});
  return res.body.items;
}

/** `<id> <displayName>`, as upstream prints an organization. */
export function describeOrganization(org: Organization): string {
  const id = org.metadata.name ?? '';
  return org.spec?.displayName ? `${id} ${org.spec.displayName}` : id;
}
