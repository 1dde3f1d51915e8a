/**
 * Super-admin: the role some operations need (approving server certificate requests). Until
 * authentication is configured the caller is the anonymous user, who may do everything.
 */
import { ANONYMOUS_ACTOR } from '../server/organization.js';
import type { RequestContext } from './request-context.js';

export const isSuperAdmin = (ctx: RequestContext): boolean => ctx.actor === ANONYMOUS_ACTOR;
