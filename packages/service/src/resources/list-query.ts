/**
 * The list query parameters every collection shares (ref/api.md §5.1): `limit`, `continue`,
 * `labelSelector`, `fieldSelector`, turned into what the store's list takes.
 */
import { and, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { badRequest, parseFieldSelector, parseLabelSelector, type FieldCatalog } from '@flightctl/api';
import { fieldSelectorSql, labelSelectorSql, type SelectableColumns } from '../store/selector-sql.js';
import { parseLimit } from '../store/index.js';

export type Query = Record<string, unknown>;

export interface Selectable {
  catalog: FieldCatalog;
  columns: SelectableColumns;
  /** Absent for kinds without labels (events). */
  labels?: AnyPgColumn | SQL;
}

export interface ListParams {
  limit: number;
  continueToken?: string;
  where?: SQL;
}

export function stringParam(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`query parameter ${name} must be given once`);
  return v;
}

export function booleanParam(query: Query, name: string): boolean {
  const v = stringParam(query, name);
  if (v === undefined || v === '') return false;
  if (v !== 'true' && v !== 'false') throw badRequest(`query parameter ${name} must be true or false, not "${v}"`);
  return v === 'true';
}

/** The SQL predicate of the `labelSelector` and `fieldSelector` parameters, if any. */
export function selectorWhere(query: Query, kind: Selectable): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  const labelSelector = stringParam(query, 'labelSelector');
  if (labelSelector) {
    const reqs = parseLabelSelector(labelSelector);
    if (!kind.labels) throw badRequest('failed to parse label selector: this kind has no labels');
    parts.push(labelSelectorSql(reqs, kind.labels));
  }
  const fieldSelector = stringParam(query, 'fieldSelector');
  if (fieldSelector) parts.push(fieldSelectorSql(parseFieldSelector(fieldSelector, kind.catalog), kind.columns));
  return and(...parts);
}

export function listParams(query: Query, kind: Selectable): ListParams {
  return {
    limit: parseLimit(stringParam(query, 'limit')),
    continueToken: stringParam(query, 'continue') || undefined,
    where: selectorWhere(query, kind),
  };
}
