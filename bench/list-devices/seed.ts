/**
 * Bulk-loads devices straight into the `devices` table, bypassing the API: one multi-row
 * `INSERT … SELECT FROM jsonb_array_elements($2)` per batch, which both node-postgres and PGlite
 * run as a single statement with one parameter. Ends with VACUUM ANALYZE, so the planner and the
 * visibility map are in the state autovacuum would leave a long-lived table in.
 */
import { DEFAULT_ORG_ID } from '@flightctl/service';
import type { Queryable } from '../common/queryable.js';
import { makeDevice } from './devices.js';

const BATCH = 1000;

const INSERT = `
  INSERT INTO devices (org_id, name, owner, labels, annotations, generation, resource_version,
                       created_at, updated_at, spec, status, alias)
  SELECT $1::uuid, d->>'name', d->>'owner', d->'labels', d->'annotations', (d->>'generation')::bigint,
         (d->>'resourceVersion')::bigint, (d->>'createdAt')::timestamptz, (d->>'createdAt')::timestamptz,
         d->'spec', d->'status', d->'labels'->>'alias'
  FROM jsonb_array_elements($2::jsonb) AS d`;

/** Inserts devices 0…count-1; `progress` is called after each batch with the number stored so far. */
export async function seedDevices(db: Queryable, count: number, progress?: (done: number) => void): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) batch.push(makeDevice(i));
    await db.query(INSERT, [DEFAULT_ORG_ID, JSON.stringify(batch)]);
    progress?.(start + batch.length);
  }
  await db.query('VACUUM ANALYZE devices');
}

export interface TableStats {
  rows: number;
  /** Average JSON text of labels, annotations, spec and status: what a device weighs in the API. */
  avgJsonBytes: number;
  /** Average stored row (heap tuple with its compressed, possibly TOASTed, JSONB). */
  avgRowBytes: number;
  /** The table with its TOAST table and indexes. */
  totalBytes: number;
}

export async function tableStats(db: Queryable): Promise<TableStats> {
  const [row] = (
    await db.query<{ rows: number; json: number; stored: number; total: string }>(
      `SELECT count(*)::int AS rows,
              coalesce(avg(octet_length(labels::text) + octet_length(annotations::text)
                           + octet_length(spec::text) + octet_length(status::text)), 0)::float8 AS json,
              coalesce(avg(pg_column_size(d.*)), 0)::float8 AS stored,
              pg_total_relation_size('devices')::text AS total
       FROM devices d`,
    )
  ).rows;
  return {
    rows: row!.rows,
    avgJsonBytes: Math.round(row!.json),
    avgRowBytes: Math.round(row!.stored),
    totalBytes: Number(row!.total),
  };
}
