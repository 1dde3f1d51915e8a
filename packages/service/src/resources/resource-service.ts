/**
 * The operations every kind shares: get, list, create, replace (create-or-update), JSON-patch,
 * delete, and the status subresource. Each write is one transaction that also records its event.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  API_VERSION_FULL,
  ApiError,
  MSG_NAME_MISMATCH,
  MSG_RESOURCE_VERSION_CONFLICT,
  PatchRequest,
  badRequest,
  notFound,
  assertValid,
} from '@flightctl/api';
import type { SQL } from 'drizzle-orm';
import type { JsonRow, Page, Store } from '../store/index.js';
import { applyJsonPatch } from './json-patch.js';
import { listParams, type Query } from './list-query.js';
import type { RequestContext } from './request-context.js';
import {
  resourceCreated,
  resourceDeleted,
  resourceFailed,
  resourceUpdated,
  type FailedAction,
  type UpdatedField,
} from './resource-events.js';
import type { HookContext, Resource, ResourceKind } from './resource-kind.js';

export interface ListBody<T> {
  apiVersion: string;
  kind: string;
  metadata: { continue?: string; remainingItemCount?: number };
  items: T[];
}

/** The list envelope; `metadata` is `{}` on the last page (ref/api.md §5.2). */
export function listBody<T>(listKind: string, items: T[], page: { continue?: string; remainingItemCount?: number }) {
  const metadata: ListBody<T>['metadata'] = {};
  if (page.continue) {
    metadata.continue = page.continue;
    metadata.remainingItemCount = page.remainingItemCount;
  }
  return { apiVersion: API_VERSION_FULL, kind: listKind, metadata, items };
}

export interface WriteResult<T> {
  object: T;
  created: boolean;
}

/** A committed create, update or delete: the object as stored, or undefined when it was deleted. */
export interface CommittedChange<T> {
  name: string;
  object?: T;
}

export interface ResourceServiceOptions<T> {
  /**
   * Told after a create, replace, patch or delete of the resource committed, for effects outside the
   * database (waking agents) that must not happen for a write that rolled back. It handles its own
   * failures: the write stands either way.
   */
  onCommitted?: (ctx: RequestContext, change: CommittedChange<T>) => Promise<void>;
  /**
   * Completes a status write inside its transaction, before it is stored: sets what the service
   * computes itself (device summaries). `write` tells an agent's or user's report from a refresh.
   * It may run more than once when the write has to be retried.
   */
  completeStatus?: (h: HookContext, next: T, write: StatusWrite) => Promise<void>;
  /** Runs in the same transaction after a status write changed the object (status events). */
  afterStatusWrite?: (h: HookContext, before: T, after: T) => Promise<void>;
}

/** A status written by a client (`report`), or the stored one recomputed by the service (`refresh`). */
export type StatusWrite = 'report' | 'refresh';

const clone = <T>(v: T): T => structuredClone(v);

export class ResourceService<T extends Resource> {
  constructor(
    readonly def: ResourceKind<T>,
    private readonly store: Store,
    private readonly options: ResourceServiceOptions<T> = {},
  ) {}

  /** Reports a committed write to `onCommitted`; writes outside this class (device operations) call it too. */
  async committed(ctx: RequestContext, change: CommittedChange<T>): Promise<void> {
    await this.options.onCommitted?.(ctx, change);
  }

  present(obj: T): T {
    return this.def.present ? this.def.present(obj) : obj;
  }

  async get(ctx: RequestContext, name: string): Promise<T> {
    const obj = await this.def.store(this.store).get(ctx.orgId, name);
    if (!obj) throw notFound(this.def.kind, name);
    return this.present(obj);
  }

  async list(ctx: RequestContext, query: Query): Promise<ListBody<T>> {
    const page = await this.def.store(this.store).list(ctx.orgId, listParams(query, this.def));
    return listBody(
      this.def.listKind,
      page.items.map((o) => this.present(o)),
      page,
    );
  }

  /**
   * `list` with each object as the JSON text the API shows, for kinds without a `present` hook
   * (it must see objects: see list-json.ts); `columns` are read beside each object.
   */
  async listJson<X extends Record<string, unknown> = Record<string, never>>(
    ctx: RequestContext,
    query: Query,
    columns?: { [K in keyof X]: SQL<X[K]> },
  ): Promise<Page<JsonRow & X>> {
    if (this.def.present) throw new Error(`${this.def.kind} objects must be presented: list them as objects`);
    return this.def.store(this.store).listJson<X>(ctx.orgId, listParams(query, this.def), columns);
  }

  /** Validates a request body and reduces it to what a user may set: name, labels, spec. */
  private accept(body: unknown): T {
    assertValid<T>(this.def.schema, body, this.def.validate);
    const obj = clone(body);
    if (!obj.metadata.name) throw badRequest('API Error: metadata.name: required field is missing');
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && !/^\d+$/.test(rv))
      throw badRequest(`metadata.resourceVersion: "${rv}" is not a valid resource version`);
    return obj;
  }

  private userFields(obj: T): T {
    const { name, labels } = obj.metadata;
    const result = {
      apiVersion: API_VERSION_FULL,
      kind: this.def.kind,
      metadata: { name, labels: labels ?? {} },
      ...(obj.spec !== undefined ? { spec: obj.spec } : {}),
    } as T;
    const status = this.def.initialStatus?.();
    if (status !== undefined) result.status = status;
    return result;
  }

  /**
   * Records a failed write as upstream does: creation and update failures only when the service is
   * at fault (5xx), deletion failures always. The failed transaction is gone, so this is a write of its own.
   */
  private async recordingFailure<R>(ctx: RequestContext, name: string, action: FailedAction, write: () => Promise<R>) {
    try {
      return await write();
    } catch (err) {
      const serverFault = !(err instanceof ApiError) || err.code >= 500;
      if (serverFault || action === 'deletion') {
        const event = resourceFailed(ctx, this.def.kind, name, action, (err as Error).message);
        // The original error is what the caller must see, even if the database cannot take the event either.
        await this.store.events.create(ctx.orgId, event).catch(() => undefined);
      }
      throw err;
    }
  }

  async create(ctx: RequestContext, body: unknown): Promise<T> {
    const obj = this.userFields(this.accept(body));
    const name = obj.metadata.name!;
    const created = await this.recordingFailure(ctx, name, 'creation', () => this.insert(ctx, obj));
    await this.committed(ctx, { name, object: created });
    return created;
  }

  private insert(ctx: RequestContext, obj: T): Promise<T> {
    return this.store.transaction(async (tx) => {
      await this.def.beforeCreate?.({ ctx, tx }, obj);
      const created = await this.def.store(tx).create(ctx.orgId, obj);
      await tx.events.create(ctx.orgId, resourceCreated(ctx, this.def.kind, obj.metadata.name!));
      return this.present(created);
    });
  }

  /**
   * PUT: creates when missing (201), otherwise replaces spec and (when given) labels. Most PUTs
   * replace: the update is tried first, and finds out by itself whether there is anything to replace.
   */
  async replace(ctx: RequestContext, name: string, body: unknown): Promise<WriteResult<T>> {
    const incoming = this.accept(body);
    if (incoming.metadata.name !== name) throw badRequest(MSG_NAME_MISMATCH);
    const replaced = await this.recordingFailure(ctx, name, 'update', () =>
      this.store.transaction((tx) => this.updateIfExists(ctx, tx, name, incoming)),
    );
    if (replaced) {
      await this.committed(ctx, { name, object: replaced });
      return { object: replaced, created: false };
    }
    const object = await this.recordingFailure(ctx, name, 'creation', () =>
      this.insert(ctx, this.userFields(incoming)),
    );
    await this.committed(ctx, { name, object });
    return { object, created: true };
  }

  /** JSON Patch (RFC 6902) over the object as the user sees it; only spec and labels may change. */
  async patch(ctx: RequestContext, name: string, body: unknown): Promise<T> {
    assertValid<PatchRequest>(PatchRequest, body);
    const object = await this.recordingFailure(ctx, name, 'update', () => this.patchIn(name, ctx, body));
    await this.committed(ctx, { name, object });
    return object;
  }

  private patchIn(name: string, ctx: RequestContext, body: PatchRequest): Promise<T> {
    return this.store.transaction(async (tx) => {
      const current = await this.def.store(tx).get(ctx.orgId, name);
      if (!current) throw notFound(this.def.kind, name);
      const shown = this.present(current);
      const patched = applyJsonPatch(shown, body);
      for (const field of ['apiVersion', 'kind', 'status'] as const) {
        if (!isDeepStrictEqual(patched[field], shown[field])) throw badRequest(`${field} is immutable`);
      }
      if (patched.metadata?.name !== name) throw badRequest('metadata.name is immutable');
      const incoming = this.accept(patched);
      return this.update(ctx, tx, name, incoming);
    });
  }

  private async update(ctx: RequestContext, tx: Store, name: string, incoming: T): Promise<T> {
    const updated = await this.updateIfExists(ctx, tx, name, incoming);
    if (!updated) throw notFound(this.def.kind, name);
    return updated;
  }

  private async updateIfExists(ctx: RequestContext, tx: Store, name: string, incoming: T): Promise<T | undefined> {
    const expectedVersion = incoming.metadata.resourceVersion || undefined;
    const result = await this.def.store(tx).updateIfExists(ctx.orgId, name, async (current) => {
      if (expectedVersion !== undefined && expectedVersion !== current.metadata.resourceVersion)
        throw new ApiError(409, MSG_RESOURCE_VERSION_CONFLICT);
      const withSecrets = this.def.keepSecrets ? this.def.keepSecrets(incoming, current) : incoming;
      const next = clone(current);
      next.spec = withSecrets.spec;
      if (withSecrets.metadata.labels !== undefined) next.metadata.labels = withSecrets.metadata.labels;
      await this.def.beforeUpdate?.({ ctx, tx }, current, next);
      return next;
    });
    if (!result) return undefined;
    if (result.changed) await this.recordUpdate(ctx, tx, result.before, result.after);
    return this.present(result.after);
  }

  /** Records ResourceUpdated when owner, labels or spec changed. */
  async recordUpdate(ctx: RequestContext, tx: Store, before: T, after: T): Promise<void> {
    const fields: UpdatedField[] = [];
    if ((before.metadata.owner ?? '') !== (after.metadata.owner ?? '')) fields.push('owner');
    if (!isDeepStrictEqual(before.metadata.labels ?? {}, after.metadata.labels ?? {})) fields.push('labels');
    if (!isDeepStrictEqual(before.spec, after.spec))
      fields.push('spec', ...(this.def.updatedFields?.(before, after) ?? []));
    if (fields.length === 0) return;
    const owners = { previous: before.metadata.owner, next: after.metadata.owner };
    await tx.events.create(ctx.orgId, resourceUpdated(ctx, this.def.kind, after.metadata.name!, fields, owners));
  }

  /** Hard delete; deleting a missing object succeeds (ref/api.md §6.6). */
  async delete(ctx: RequestContext, name: string): Promise<void> {
    const deleted = await this.recordingFailure(ctx, name, 'deletion', () => this.remove(ctx, name));
    if (deleted) await this.committed(ctx, { name });
  }

  /** True when there was something to delete. */
  private remove(ctx: RequestContext, name: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const current = await this.def.store(tx).get(ctx.orgId, name);
      if (!current) return false;
      await this.def.beforeDelete?.({ ctx, tx }, current);
      const deleted = await this.def.store(tx).delete(ctx.orgId, name);
      if (!deleted) return false;
      await this.def.afterDelete?.({ ctx, tx }, deleted);
      await tx.events.create(ctx.orgId, resourceDeleted(ctx, this.def.kind, name));
      return true;
    });
  }

  private writtenStatus(current: T, written: T['status']): T['status'] {
    return this.def.mergeStatus ? this.def.mergeStatus(current, written) : written;
  }

  /** PUT …/status: replaces the status only. */
  async replaceStatus(ctx: RequestContext, name: string, body: unknown): Promise<T> {
    assertValid<T>(this.def.schema, body);
    if (body.metadata.name !== undefined && body.metadata.name !== name) throw badRequest(MSG_NAME_MISMATCH);
    if (body.status === undefined) throw badRequest('API Error: status: required field is missing');
    return this.writeStatus(ctx, name, 'report', (current) => this.writtenStatus(current, body.status));
  }

  /** PATCH …/status: only `status` may change. */
  async patchStatus(ctx: RequestContext, name: string, body: unknown): Promise<T> {
    assertValid<PatchRequest>(PatchRequest, body);
    return this.writeStatus(ctx, name, 'report', (current) => {
      this.def.beforePatchStatus?.(current);
      const shown = this.present(current);
      const patched = applyJsonPatch(shown, body);
      for (const field of ['apiVersion', 'kind', 'metadata', 'spec'] as const) {
        if (!isDeepStrictEqual(patched[field], shown[field])) throw badRequest(`${field} is immutable`);
      }
      assertValid<T>(this.def.schema, patched);
      return this.writtenStatus(current, patched.status);
    });
  }

  /** Recomputes the service's part of the stored status (periodic checks); writes only a change. */
  async refreshStatus(ctx: RequestContext, name: string): Promise<void> {
    await this.writeStatus(ctx, name, 'refresh', (current) => current.status);
  }

  /** One status write: the new status, completed by the service, stored only if it differs. */
  private writeStatus(
    ctx: RequestContext,
    name: string,
    write: StatusWrite,
    status: (current: T) => T['status'],
  ): Promise<T> {
    return this.store.transaction(async (tx) => {
      const h = { ctx, tx };
      const { before, after, changed } = await this.def.store(tx).update(ctx.orgId, name, async (current) => {
        const next = clone(current);
        next.status = status(current);
        await this.options.completeStatus?.(h, next, write);
        return next;
      });
      if (changed) await this.options.afterStatusWrite?.(h, before, after);
      return this.present(after);
    });
  }
}
