import pino from 'pino';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openTestDatabase, type TestDatabase } from '@flightctl/testing';
import { PostgresLeadership } from './leadership.js';

const logger = pino({ level: 'silent' });

describe.skipIf(!databaseKinds().includes('postgres'))('periodic leadership on PostgreSQL', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  });
  afterAll(() => t?.dispose());

  it('lets one replica lead until it stops, then the next', async () => {
    const first = new PostgresLeadership(t.url!, logger);
    const second = new PostgresLeadership(t.url!, logger);
    try {
      expect(await first.isLeader()).toBe(true);
      expect(await second.isLeader()).toBe(false);
      expect(await first.isLeader()).toBe(true);
      await first.close();
      expect(await second.isLeader()).toBe(true);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('hands over when the leader loses its database connection', async () => {
    const first = new PostgresLeadership(t.url!, logger);
    const second = new PostgresLeadership(t.url!, logger);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      expect(await first.isLeader()).toBe(true);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()`,
      );
      expect(await second.isLeader()).toBe(true);
      expect(await first.isLeader()).toBe(false);
    } finally {
      await admin.end();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
