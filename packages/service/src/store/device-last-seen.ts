/**
 * When each device last contacted the service (ref/service.md §5.2). Kept in its own table and
 * written in batches so that heartbeats never rewrite device rows or bump their resourceVersion.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { devices, deviceTimestamps } from './schema.js';

export class DeviceLastSeenStore {
  constructor(private readonly db: Db) {}

  /** Undefined when the device has never been seen (or does not exist). */
  async getLastSeen(orgId: string, name: string): Promise<Date | undefined> {
    const t = deviceTimestamps;
    const [row] = await this.db
      .select({ lastSeen: t.lastSeen })
      .from(t)
      .where(and(eq(t.orgId, orgId), eq(t.name, name)));
    return row?.lastSeen ?? undefined;
  }

  /**
   * Records that the named devices were seen at `at`. Names of devices that no longer exist are
   * skipped, and a time never moves backwards (batches may be flushed out of order).
   */
  async recordLastSeen(orgId: string, names: readonly string[], at: Date): Promise<void> {
    if (names.length === 0) return;
    const t = deviceTimestamps;
    const seen = this.db
      .select({
        orgId: devices.orgId,
        name: devices.name,
        lastSeen: sql`${at.toISOString()}::timestamptz`.as('last_seen'),
      })
      .from(devices)
      .where(and(eq(devices.orgId, orgId), inArray(devices.name, [...names])));
    await this.db
      .insert(t)
      .select(seen)
      .onConflictDoUpdate({
        target: [t.orgId, t.name],
        set: { lastSeen: sql`greatest(${t.lastSeen}, excluded.last_seen)` },
      });
  }

  /**
   * Devices whose summary no longer matches their connectivity (ref/service.md §5.2): last seen
   * before `cutoff` yet not Unknown, or seen since and still Unknown. Devices never seen are left out.
   */
  async connectivityChanged(orgId: string, cutoff: Date): Promise<string[]> {
    const t = deviceTimestamps;
    const summary = sql`coalesce(${devices.summaryStatus}, '')`;
    const rows = await this.db
      .select({ name: devices.name })
      .from(devices)
      .innerJoin(t, and(eq(t.orgId, devices.orgId), eq(t.name, devices.name)))
      .where(
        and(
          eq(devices.orgId, orgId),
          isNotNull(t.lastSeen),
          or(and(lt(t.lastSeen, cutoff), ne(summary, 'Unknown')), and(gte(t.lastSeen, cutoff), eq(summary, 'Unknown'))),
        ),
      )
      .orderBy(asc(devices.name));
    return rows.map((r) => r.name);
  }
}
