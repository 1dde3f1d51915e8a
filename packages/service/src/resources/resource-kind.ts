/**
 * What the generic resource operations need to know about one kind. Kind-specific rules (owner
 * checks, secret masking, cascades) plug in as hooks instead of copies of the CRUD code.
 */
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TSchema } from 'typebox';
import type { FieldCatalog, FieldError } from '@flightctl/api';
import type { SelectableColumns } from '../store/selector-sql.js';
import type { Resource, ResourceStore, Store } from '../store/index.js';
import type { RequestContext } from './request-context.js';
import type { UpdatedField } from './resource-events.js';

export type { Resource };

export interface HookContext {
  ctx: RequestContext;
  /** The store, bound to the transaction of the write. */
  tx: Store;
}

export interface ResourceKind<T extends Resource = Resource> {
  kind: string;
  listKind: string;
  /** URL segment under /api/v1. */
  plural: string;
  schema: TSchema;
  /** Rules beyond the schema; runs only when the schema passed. */
  validate?: (obj: T) => FieldError[];
  store: (s: Store) => ResourceStore<T>;
  /** Status a new object starts with; undefined for kinds without status. */
  initialStatus?: () => unknown;
  catalog: FieldCatalog;
  columns: SelectableColumns;
  labels?: AnyPgColumn;
  /** Fields whose change is reported in ResourceUpdated beyond owner/labels/spec. */
  updatedFields?: (before: T, after: T) => UpdatedField[];
  /** Secrets hidden from responses. */
  present?: (obj: T) => T;
  /** Restores hidden secrets a client sent back as the mask. */
  keepSecrets?: (incoming: T, stored: T) => T;
  beforeCreate?: (h: HookContext, obj: T) => void | Promise<void>;
  /** Throws to refuse a user's replace/patch of `current` into `next` (owner rules, decommissioning). */
  beforeUpdate?: (h: HookContext, current: T, next: T) => void | Promise<void>;
  /** Combines a written status with the stored one (PUT and PATCH of …/status). */
  mergeStatus?: (current: T, written: T['status']) => T['status'];
  /** Throws to refuse a status patch (the status PUT stays open to agent reports). */
  beforePatchStatus?: (current: T) => void;
  beforeDelete?: (h: HookContext, current: T) => void | Promise<void>;
  afterDelete?: (h: HookContext, deleted: T) => Promise<void>;
}
