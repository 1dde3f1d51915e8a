/**
 * `flightctl apply` end to end: the real binary against a real service. Files, directories (-R),
 * quoted globs and stdin; multi-document YAML and JSON lists; created / configured / unchanged;
 * per-document errors that name the file and document while the rest still applies; --dry-run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { gitRepository, resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

const EXAMPLES = 'examples';
const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => join(EXAMPLES, f));

/** `kind/name` of the one resource in an example file. */
function refOf(path: string): { ref: string; plural: string; name: string } {
  const doc = parse(readFileSync(path, 'utf8')) as { kind: string; metadata: { name: string } };
  const singular = doc.kind.toLowerCase();
  const plural = singular.endsWith('y') ? `${singular.slice(0, -1)}ies` : `${singular}s`;
  return { ref: `${singular}/${doc.metadata.name}`, plural, name: doc.metadata.name };
}

const lines = (text: string) => text.split('\n').filter(Boolean);
const yamlStream = (...docs: unknown[]) => docs.map((d) => stringify(d)).join('---\n');

describe('apply', () => {
  it('creates every example, then finds them unchanged when applying the directory with -R', async () => {
    const refs = exampleFiles.map(refOf);
    const first = await fx.cli(['apply', ...exampleFiles.flatMap((f) => ['-f', f])]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual(refs.map((r) => `${r.ref} created`));
    for (const { plural, name } of refs) expect((await fx.api('GET', `/${plural}/${name}`)).status).toBe(200);

    const again = await fx.cli(['apply', '-R', '-f', EXAMPLES]);
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toEqual(refs.map((r) => `${r.ref} unchanged`));
  });

  it('reports a changed resource as configured', async () => {
    const path = fx.file('configured.yaml', stringify(gitRepository('configured-repo')));
    expect((await fx.cli(['apply', '-f', path])).stdout).toBe('repository/configured-repo created\n');
    fx.file('configured.yaml', stringify(gitRepository('configured-repo', 'https://git.example.com/moved.git')));
    const result = await fx.cli(['apply', '-f', path]);
    expect(result.stdout).toBe('repository/configured-repo configured\n');
    expect((await fx.api('GET', '/repositories/configured-repo')).body.spec.url).toBe(
      'https://git.example.com/moved.git',
    );
  });

  it('walks subdirectories only with -R, taking only manifest extensions', async () => {
    fx.file('tree/top.yaml', stringify(gitRepository('tree-top')));
    fx.file('tree/notes.txt', 'not a manifest');
    fx.file('tree/sub/nested.json', JSON.stringify(gitRepository('tree-nested')));
    const dir = join(fx.dir, 'tree');
    const [flat, deep] = await Promise.all([
      fx.cli(['apply', '-f', dir]),
      fx.cli(['apply', '--dry-run', '-R', '-f', dir]),
    ]);
    expect(flat.stdout).toBe('repository/tree-top created\n');
    expect(deep.stdout).toBe('repository/tree-nested configured (dry run)\nrepository/tree-top configured (dry run)\n');
  });

  it('reads stdin: a JSON list of items and a kind: XxxList', async () => {
    const list = { apiVersion: 'flightctl.io/v1beta1', kind: 'RepositoryList', items: [gitRepository('stdin-a')] };
    const stdin = `${JSON.stringify([gitRepository('stdin-b'), gitRepository('stdin-c')])}\n---\n${JSON.stringify(list)}`;
    const result = await fx.cli(['apply', '-f', '-'], { stdin });
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      'repository/stdin-b created',
      'repository/stdin-c created',
      'repository/stdin-a created',
    ]);
  });

  it('applies the good documents of a file, naming the file, document and line of the bad one', async () => {
    const path = fx.file(
      'multi.yaml',
      yamlStream(
        gitRepository('multi-first'),
        resource('Device', 'multi-bad', { os: { image: 'quay.io/x:1' }, bogus: true }),
        gitRepository('multi-third'),
      ),
    );
    const result = await fx.cli(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual(['repository/multi-first created', 'repository/multi-third created']);
    expect(result.stderr).toBe(
      `Error: ${path}: document 2 (line 9): device/multi-bad: API Error: spec.bogus: unknown field\n` +
        'failed to apply 1 of 3 resource(s)\n',
    );
    expect((await fx.api('GET', '/devices/multi-bad')).status).toBe(404);
  });

  it('refuses documents it cannot apply, with the reason', async () => {
    const path = fx.file(
      'refused.yaml',
      [
        yamlStream(
          resource('TemplateVersion', 'tv1'),
          resource('Event', 'ev1'),
          resource('Organization', 'org1'),
          resource('Gadget', 'g1'),
          { kind: 'Repository', metadata: { name: 'no-version' } },
          { apiVersion: 'flightctl.io/v1beta1', kind: 'Repository', metadata: {} },
        ),
        'a: [unterminated\n',
      ].join('---\n'),
    );
    const result = await fx.cli(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `Error: ${path}: document 1 (line 1): templateversions cannot be applied: the service creates them from fleets`,
      `Error: ${path}: document 2 (line 6): events cannot be applied: the service records them`,
      `Error: ${path}: document 3 (line 11): organizations cannot be applied: they come from the identity provider`,
      `Error: ${path}: document 4 (line 16): unknown kind "Gadget"`,
      `Error: ${path}: document 5 (line 21): apiVersion is missing`,
      `Error: ${path}: document 6 (line 25): metadata.name is missing`,
      expect.stringMatching(new RegExp(`^Error: ${path}: document 7 \\(line \\d+\\): invalid YAML or JSON: `)),
      'failed to apply 7 of 7 resource(s)',
    ]);
  });

  it('--dry-run validates locally and stores nothing', async () => {
    const path = fx.file(
      'dry.yaml',
      yamlStream(
        resource('Device', 'dry-device', { os: { image: 'quay.io/x:1' } }, { env: 'dev' }),
        resource('Fleet', 'dry-fleet', { selector: { matchLabels: { a: 'b' } }, template: { spec: {} } }),
        resource('Repository', 'dry-bad', { type: 'git' }),
        resource('Device', 'dry-bad-labels', undefined, { 'bad key!': 'x' }),
      ),
    );
    const result = await fx.cli(['apply', '--dry-run', '-f', path]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      'device/dry-device configured (dry run)',
      'fleet/dry-fleet configured (dry run)',
    ]);
    const errors = lines(result.stderr);
    expect(errors[0]).toBe(
      `Error: ${path}: document 3 (line 22): repository/dry-bad: spec.url: required field is missing`,
    );
    expect(errors[1]).toMatch(
      new RegExp(`^Error: ${path}: document 4 \\(line 29\\): device/dry-bad-labels: metadata\\.labels`),
    );
    expect(errors[2]).toBe('failed to apply 2 of 4 resource(s)');
    for (const path of ['/devices/dry-device', '/fleets/dry-fleet'])
      expect((await fx.api('GET', path)).status).toBe(404);
  });

  it('expands quoted globs, rejects what the shell expanded, and reports missing paths', async () => {
    fx.file('glob/one.yaml', stringify(gitRepository('glob-one')));
    fx.file('glob/two.yml', stringify(gitRepository('glob-two')));
    const [globbed, unquoted, missing, none] = await Promise.all([
      fx.cli(['apply', '--dry-run', '-f', join(fx.dir, 'glob/*.y*ml')]),
      fx.cli(['apply', '-f', join(fx.dir, 'glob/one.yaml'), join(fx.dir, 'glob/two.yml')]),
      fx.cli(['apply', '--dry-run', '-f', join(fx.dir, 'absent.yaml'), '-f', join(fx.dir, 'glob/one.yaml')]),
      fx.cli(['apply']),
    ]);
    expect(globbed.stdout).toBe('repository/glob-one configured (dry run)\nrepository/glob-two configured (dry run)\n');
    expect(unquoted.code).toBe(1);
    expect(unquoted.stderr).toBe(
      `unexpected arguments: ${join(fx.dir, 'glob/two.yml')} (did you forget to quote wildcards?)\n`,
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('repository/glob-one configured (dry run)\n');
    expect(missing.stderr).toBe(
      `Error: the path "${join(fx.dir, 'absent.yaml')}" does not exist\nfailed to apply 1 of 2 resource(s)\n`,
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('must specify -f FILENAME\n');
  });
});
