/**
 * Which replica runs the periodic tasks. Upstream runs them in a single `flightctl-periodic` process;
 * here they run inside `flightctl-api`, so replicas sharing one PostgreSQL elect one: the holder of a
 * session-level advisory lock, taken on a connection of its own. When that connection drops, the
 * lock is released by the server and another replica takes over at its next attempt.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export interface Leadership {
  /** True when this process should run the periodic tasks now; tries to become leader when it is not. */
  isLeader(): Promise<boolean>;
  close(): Promise<void>;
}

/** The embedded database has one process by construction. */
export const soleLeadership: Leadership = {
  isLeader: async () => true,
  close: async () => undefined,
};

/** pg_advisory_lock key of the periodic tasks ("flctlper" in ASCII). */
export const PERIODIC_LOCK_KEY = '7380383241040061810';

export class PostgresLeadership implements Leadership {
  private client?: pg.Client;
  private leader = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async isLeader(): Promise<boolean> {
    try {
      const client = await this.connection();
      if (this.leader) {
        // A query proves the session, and with it the lock, is still there.
        await client.query('select 1');
        return true;
      }
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [
        PERIODIC_LOCK_KEY,
      ]);
      this.leader = rows[0]!.locked;
      if (this.leader) this.logger.info('this replica now runs the periodic tasks');
      return this.leader;
    } catch (err) {
      this.logger.warn({ err }, 'periodic leadership check failed; retrying at the next run');
      this.drop();
      return false;
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'periodic leadership connection lost');
      this.drop();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    client?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    await client?.end();
  }
}
