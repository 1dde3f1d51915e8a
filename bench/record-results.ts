/**
 * `--record`: a benchmark run's markdown section goes into bench/RESULTS.md under the benchmark's
 * `## NAME` heading, newest first (before the first earlier run, after the heading's introduction).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

export function recordResults(benchmark: string, section: string, file = RESULTS_FILE): void {
  const heading = `\n## ${benchmark}\n`;
  let text = readFileSync(file, 'utf8').replace(/\nNo results yet\.\n?/, '\n');
  const at = text.indexOf(heading);
  if (at < 0) {
    text = `${text.trimEnd()}\n${heading}\n${section}`;
  } else {
    const bodyStart = at + heading.length;
    const nextHeading = text.indexOf('\n## ', bodyStart);
    const blockEnd = nextHeading < 0 ? text.length : nextHeading + 1;
    const firstRun = text.indexOf('\n### ', bodyStart);
    const insertAt = firstRun >= 0 && firstRun < blockEnd ? firstRun + 1 : blockEnd;
    text = `${text.slice(0, insertAt).trimEnd()}\n\n${section}\n${text.slice(insertAt)}`;
  }
  writeFileSync(file, `${text.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
}
