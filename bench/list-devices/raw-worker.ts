/**
 * Child process of the benchmark that runs one scenario's raw-SQL baseline (queries.ts) on the
 * database through the bare driver (pg.Client, or PGlite on the data directory) and reports its
 * timings, its own memory, and the first run's result (for checking the service's answers).
 * A process of its own so that its memory is measured like the service's, from a fresh start.
 */
import { openQueryable, type DbTarget, type Queryable } from '../common/queryable.js';
import { SELECTOR } from './devices.js';
import { measureSeries, type Series } from '../common/measure.js';
import { type SummaryCounts, rawPage, rawSummary, rawWalk } from './queries.js';
import { DEFAULT_PAGE, SMALL_PAGE, type ScenarioId } from './scenarios.js';

export interface RawJob {
  db: DbTarget;
  scenario: ScenarioId;
  warmup: number;
  iterations: number;
}

export interface RawResult {
  series: Series;
  /** Names of the page or walk, or the summary counts, from the first run. */
  check: string[] | SummaryCounts;
}

function operation(db: Queryable, scenario: ScenarioId): () => Promise<string[] | SummaryCounts> {
  switch (scenario) {
    case 'page':
      return async () => (await rawPage(db, SELECTOR, SMALL_PAGE)).names;
    case 'walk':
      return () => rawWalk(db, SELECTOR, DEFAULT_PAGE);
    case 'summary':
      return () => rawSummary(db);
    case 'summary-selector':
      return () => rawSummary(db, SELECTOR);
  }
}

export async function runRawJob(job: RawJob): Promise<RawResult> {
  const db = await openQueryable(job.db);
  try {
    const op = operation(db, job.scenario);
    let check: string[] | SummaryCounts | undefined;
    const series = await measureSeries({ warmup: job.warmup, iterations: job.iterations, pid: 'self' }, async () => {
      const result = await op();
      check ??= result;
    });
    return { series, check: check! };
  } finally {
    await db.close();
  }
}

if (process.send) {
  process.once('message', (job: RawJob) => {
    runRawJob(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) =>
        process.send!({ ok: false, error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
    );
  });
}
