/**
 * Child process of the benchmark: the raw-SQL baseline of a status write, single-row JSONB
 * `UPDATE`s of a device status (one the service stored) on the bare driver, against the same
 * database server as the service (PostgreSQL), or a PGlite of its own (embedded: the same engine,
 * in this process). One connection back to back (latency, rate), then, on PostgreSQL, several at
 * once (throughput). Works in a scratch table that it drops afterwards.
 */
import { summarize, type Series } from '../common/measure.js';
import { openQueryable, type DbTarget } from '../common/queryable.js';

export interface RawUpdateJob {
  db: DbTarget;
  /** The JSON written by each UPDATE. */
  status: unknown;
  rows: number;
  seconds: number;
  /** Connections of the concurrent phase (PostgreSQL only). */
  connections: number;
}

export interface RawUpdateResult {
  sequential: { perSecond: number; series: Series };
  /** Undefined on PGlite, which has one connection. */
  concurrent?: { perSecond: number; connections: number };
}

const TABLE = 'bench_status_updates';

async function updateFor(db: Awaited<ReturnType<typeof openQueryable>>, job: RawUpdateJob, samples?: number[]) {
  const text = JSON.stringify(job.status);
  const until = performance.now() + job.seconds * 1000;
  let n = 0;
  while (performance.now() < until) {
    const t0 = performance.now();
    await db.query(`UPDATE ${TABLE} SET status = $2::jsonb WHERE name = $1`, [`device-${n % job.rows}`, text]);
    samples?.push(performance.now() - t0);
    n++;
  }
  return n;
}

export async function runRawUpdates(job: RawUpdateJob): Promise<RawUpdateResult> {
  const db = await openQueryable(job.db);
  try {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(`CREATE TABLE ${TABLE} (name text PRIMARY KEY, status jsonb NOT NULL)`);
    await db.query(`INSERT INTO ${TABLE} SELECT 'device-' || i, $1::jsonb FROM generate_series(0, $2::int - 1) AS i`, [
      JSON.stringify(job.status),
      job.rows,
    ]);
    const samples: number[] = [];
    const t0 = performance.now();
    const n = await updateFor(db, job, samples);
    const sequential = { perSecond: n / ((performance.now() - t0) / 1000), series: summarize(samples, NaN, NaN) };
    let concurrent: RawUpdateResult['concurrent'];
    if (job.db.kind === 'postgres') {
      const clients = await Promise.all(Array.from({ length: job.connections }, () => openQueryable(job.db)));
      try {
        const t1 = performance.now();
        const counts = await Promise.all(clients.map((c) => updateFor(c, job)));
        const total = counts.reduce((a, b) => a + b, 0);
        concurrent = { perSecond: total / ((performance.now() - t1) / 1000), connections: job.connections };
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    }
    await db.query(`DROP TABLE ${TABLE}`);
    return { sequential, concurrent };
  } finally {
    await db.close();
  }
}

if (process.send) {
  process.once('message', (job: RawUpdateJob) => {
    runRawUpdates(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) =>
        process.send!({ ok: false, error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
    );
  });
}
