/**
 * Organization of a user request (ref/api.md §1.6). Authentication is not configured yet, so the
 * caller is a member of every organization: `org_id` picks one (it must be a well-formed UUID of
 * an existing organization), and without it the default organization is used.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest } from '@flightctl/api';
import { DEFAULT_ORG_ID } from '../store/schema.js';
import type { Store } from '../store/index.js';
import type { RequestContext } from '../resources/request-context.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Without authentication there is no user name; events record this actor. */
export const ANONYMOUS_ACTOR = 'user:anonymous';

export async function requestContext(request: FastifyRequest, store: Store): Promise<RequestContext> {
  const orgParam = (request.query as Record<string, unknown> | undefined)?.org_id;
  let orgId = DEFAULT_ORG_ID;
  if (orgParam !== undefined) {
    if (typeof orgParam !== 'string' || !UUID_RE.test(orgParam)) throw badRequest('invalid organization ID format');
    if (!(await store.organizations.get(orgParam))) throw new ApiError(403, 'access denied to organization');
    orgId = orgParam.toLowerCase();
  }
  return { orgId, actor: ANONYMOUS_ACTOR, requestId: request.id };
}
