/**
 * Events (ref/api.md §4.9, ref/service.md §8): append-only, per organization, listed by
 * (creationTimestamp, name) newest first unless asked otherwise, removed by the retention task.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, and, eq, lt, sql } from 'drizzle-orm';
import { API_VERSION_FULL, type Event, type EventDetails, type EventReason, type EventType } from '@flightctl/api';
import type { Db } from './db.js';
import { type Page, type PageRequest, readPage, timestampKey } from './pagination.js';
import { countRows } from './query-rows.js';
import { events } from './schema.js';
import { rfc3339, statementTime } from './timestamps.js';

export interface EventListOptions extends PageRequest {
  /** Predicate over the events table's columns (field selectors). */
  where?: SQL;
  /** Default newest first. */
  order?: 'asc' | 'desc';
}

const e = events;

const selection = {
  name: e.name,
  createdAt: rfc3339(e.createdAt),
  annotations: e.annotations,
  involvedObjectKind: e.involvedObjectKind,
  involvedObjectName: e.involvedObjectName,
  reason: e.reason,
  message: e.message,
  type: e.type,
  sourceComponent: e.sourceComponent,
  actor: e.actor,
  details: e.details,
};

type EventRow = { [K in keyof typeof selection]: K extends 'createdAt' ? string : (typeof e.$inferSelect)[K] };

function toEvent(row: EventRow): Event {
  const metadata: Event['metadata'] = { name: row.name, creationTimestamp: row.createdAt };
  if (Object.keys(row.annotations).length > 0) metadata.annotations = row.annotations;
  const event: Event = {
    apiVersion: API_VERSION_FULL,
    kind: 'Event',
    metadata,
    involvedObject: { kind: row.involvedObjectKind, name: row.involvedObjectName },
    reason: row.reason as EventReason,
    message: row.message,
    type: row.type as EventType,
    source: { component: row.sourceComponent },
    actor: row.actor,
  };
  if (row.details !== null) event.details = row.details as EventDetails;
  return event;
}

export class EventStore {
  constructor(private readonly db: Db) {}

  /** Records an event; its name defaults to a random UUID and its timestamp is always now. */
  async create(orgId: string, event: Event): Promise<Event> {
    const [row] = await this.db
      .insert(e)
      .values({
        orgId,
        name: event.metadata.name || randomUUID(),
        createdAt: statementTime,
        annotations: event.metadata.annotations ?? {},
        involvedObjectKind: event.involvedObject.kind,
        involvedObjectName: event.involvedObject.name,
        reason: event.reason,
        message: event.message,
        type: event.type,
        sourceComponent: event.source.component,
        actor: event.actor,
        details: event.details ?? null,
      })
      .returning(selection);
    return toEvent(row!);
  }

  list(orgId: string, options: EventListOptions = {}): Promise<Page<Event>> {
    const scope = and(eq(e.orgId, orgId), options.where);
    return readPage<Event>(
      {
        keyset: { keys: [timestampKey(e.createdAt), { column: e.name }], order: options.order ?? 'desc' },
        fetch: async (bound, orderBy, limit) => {
          const rows = await this.db
            .select(selection)
            .from(e)
            .where(and(scope, bound))
            .orderBy(...orderBy)
            .limit(limit);
          return rows.map(toEvent);
        },
        count: () => countRows(this.db, e, scope),
        keyOf: (ev) => [ev.metadata.creationTimestamp!, ev.metadata.name!],
      },
      options,
    );
  }

  /** Retention: removes events of every organization created before `cutoff`; returns how many. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const deleted = this.db
      .$with('deleted')
      .as(this.db.delete(e).where(lt(e.createdAt, cutoff)).returning({ name: e.name }));
    const [row] = await this.db
      .with(deleted)
      .select({ n: sql<number>`count(*)::int` })
      .from(deleted);
    return row!.n;
  }
}
