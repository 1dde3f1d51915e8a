import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordResults } from './record-results.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flightctl-bench-results-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('recordResults', () => {
  it("puts a run first under its benchmark's heading, after the introduction, leaving other sections alone", async () => {
    const file = path.join(dir, 'RESULTS.md');
    await writeFile(file, '# Results\n\n## a\n\nAbout a.\n\n### old run of a\n\nx\n\n## b\n\nAbout b.\n');
    recordResults('a', '### new run of a\n\ny\n', file);
    recordResults('b', '### first run of b\n\nz\n', file);
    recordResults('c', '### first run of c\n', file);
    expect(await readFile(file, 'utf8')).toBe(
      '# Results\n\n## a\n\nAbout a.\n\n### new run of a\n\ny\n\n### old run of a\n\nx\n\n' +
        '## b\n\nAbout b.\n\n### first run of b\n\nz\n\n## c\n\n### first run of c\n',
    );
  });
});
