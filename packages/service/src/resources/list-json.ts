/**
 * Lists answered as JSON text: the database writes each item's JSON (ResourceStore.listJson) and
 * it is spliced into the envelope unparsed. A page of 1,000 devices is ~3.5 MB that would
 * otherwise be parsed into objects and serialized back, the largest part of the service's work
 * for a list (~25 ms of CPU a page).
 */
import type { JsonRow, Page } from '../store/index.js';
import type { Query } from './list-query.js';
import type { RequestContext } from './request-context.js';
import { type ListBody, type ResourceService, listBody } from './resource-service.js';
import type { Resource } from './resource-kind.js';

/** A response body that is JSON text already; the routes send it as it is (server/routes/json-reply.ts). */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * `listBody` around items that are JSON text, members in the same order; `extra` members (a page
 * summary) follow the items.
 */
export function listJsonText(listKind: string, page: Page<JsonRow>, extra?: Record<string, unknown>): JsonText {
  // The envelope with no items ends in `"items":[]}`: the items go between the brackets.
  const envelope = JSON.stringify(listBody(listKind, [], page));
  const tail = extra === undefined ? '}' : `,${JSON.stringify(extra).slice(1)}`;
  return new JsonText(`${envelope.slice(0, -2)}${page.items.map((row) => row.json).join(',')}]${tail}`);
}

/** A kind's list as JSON text, or as objects where a `present` hook has to see them. */
export async function listResponse<T extends Resource>(
  svc: ResourceService<T>,
  ctx: RequestContext,
  query: Query,
): Promise<JsonText | ListBody<T>> {
  if (svc.def.present) return svc.list(ctx, query);
  return listJsonText(svc.def.listKind, await svc.listJson(ctx, query));
}
