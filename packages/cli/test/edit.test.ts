/**
 * `flightctl edit` end to end, with the editor played by a script that follows a plan: one step per
 * time the editor is opened (rewrite the text, make a concurrent change on the server, take the
 * resourceVersion the error header offers), recording what it was shown.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

interface Step {
  /** [regexp source, replacement] pairs applied to the text. */
  replace?: [string, string][];
  /** A JSON patch sent straight to the server before saving, to race the CLI. */
  concurrentPatch?: { path: string; patch: unknown[] };
  /** Put the resourceVersion the error header reports in metadata.resourceVersion. */
  takeCurrentVersion?: boolean;
}

interface Plan {
  url: string;
  steps: Step[];
  seen: { file: string; args: string[]; text: string }[];
}

const EDITOR_SCRIPT = `
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv.at(-1);
const plan = JSON.parse(readFileSync(process.env.EDIT_PLAN, 'utf8'));
const text = readFileSync(file, 'utf8');
const step = plan.steps[plan.seen.length] ?? {};
plan.seen.push({ file, args: process.argv.slice(2, -1), text });
writeFileSync(process.env.EDIT_PLAN, JSON.stringify(plan));
if (step.concurrentPatch) {
  const res = await fetch(plan.url + '/api/v1' + step.concurrentPatch.path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json-patch+json' },
    body: JSON.stringify(step.concurrentPatch.patch),
  });
  if (!res.ok) throw new Error('concurrent patch failed: ' + (await res.text()));
}
let out = text;
for (const [from, to] of step.replace ?? []) out = out.replace(new RegExp(from, 'm'), to);
if (step.takeCurrentVersion) {
  const version = /it is now "(\\d+)"/.exec(text)[1];
  out = out.replace(/(resourceVersion": |resourceVersion: )"\\d+"/, '$1"' + version + '"');
}
writeFileSync(file, out);
`;

let planCount = 0;

/** Runs `flightctl edit …` with the scripted editor; returns the result and what the editor saw. */
async function edit(args: string[], steps: Step[], env: Record<string, string> = {}) {
  const script = fx.file('editor.mjs', EDITOR_SCRIPT);
  const planFile = fx.file(`plan-${++planCount}.json`, JSON.stringify({ url: fx.svc.url, steps, seen: [] }));
  const result = await fx.cli(['edit', ...args], {
    env: { FLIGHTCTL_EDITOR: `node ${script}`, EDIT_PLAN: planFile, TMPDIR: fx.dir, ...env },
  });
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  return { ...result, seen: plan.seen };
}

async function createDevice(name: string, labels: Record<string, string>) {
  const device = resource('Device', name, { os: { image: 'quay.io/example/os:1' } }, labels);
  expect((await fx.api('PUT', `/devices/${name}`, device)).status).toBe(201);
}

const header = (text: string) => text.split('\n').filter((l) => l.startsWith('#'));

describe('edit', () => {
  it('patches the changed labels and spec, in an editor given with arguments', async () => {
    await createDevice('edit-ok', { env: 'dev' });
    const result = await edit(
      ['device/edit-ok'],
      [
        {
          replace: [
            ['env: dev', 'env: prod'],
            ['quay.io/example/os:1', 'quay.io/example/os:2'],
          ],
        },
      ],
    );
    expect(result).toMatchObject({ code: 0, stdout: 'device/edit-ok edited\n', stderr: '' });
    expect(basename(result.seen[0]!.file)).toMatch(/^flightctl-edit-device-edit-ok-[0-9a-f]+\.yaml$/);
    expect(existsSync(result.seen[0]!.file)).toBe(false);
    const stored = (await fx.api('GET', '/devices/edit-ok')).body;
    expect(stored.metadata.labels).toEqual({ env: 'prod' });
    expect(stored.spec.os.image).toBe('quay.io/example/os:2');
  });

  it('prefers --editor, splitting its arguments as a shell would', async () => {
    await createDevice('edit-args', { env: 'dev' });
    const script = fx.file('editor.mjs', EDITOR_SCRIPT);
    const result = await edit(
      ['device', 'edit-args', '--editor', `node ${script} --flag 'two words'`],
      [{ replace: [['env: dev', 'env: args']] }],
      { FLIGHTCTL_EDITOR: 'false' },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'device/edit-args edited\n' });
    expect(result.seen[0]!.args).toEqual(['--flag', 'two words']);
  });

  it('changes nothing when the file is saved as it was', async () => {
    await createDevice('edit-same', { env: 'dev' });
    const [same, onlyStatus] = await Promise.all([
      edit(['device/edit-same'], [{}]),
      // Status is the server's: an edit of it alone is no change.
      edit(
        ['device/edit-same', '-o', 'json'],
        [{ replace: [['"kind": "Device",', '"kind": "Device", "status": {},']] }],
      ),
    ]);
    expect(same).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(onlyStatus).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(basename(onlyStatus.seen[0]!.file)).toMatch(/^flightctl-edit-device-edit-same-[0-9a-f]+\.json$/);
    expect((await fx.api('GET', '/devices/edit-same')).body.metadata.resourceVersion).toBe('1');
  });

  it('re-opens on a concurrent change and applies the edit once the newer version is taken', async () => {
    await createDevice('edit-race', { env: 'dev' });
    const result = await edit(
      ['device/edit-race'],
      [
        {
          replace: [['env: dev', 'env: prod']],
          concurrentPatch: {
            path: '/devices/edit-race',
            patch: [{ op: 'add', path: '/metadata/labels/owner', value: 'someone-else' }],
          },
        },
        { takeCurrentVersion: true },
      ],
    );
    expect(result).toMatchObject({ code: 0, stdout: 'device/edit-race edited\n', stderr: '' });
    expect(result.seen).toHaveLength(2);
    expect(header(result.seen[1]!.text)).toEqual(
      expect.arrayContaining([
        '# device/edit-race could not be patched: unable to apply patch: test /metadata/resourceVersion: test operation failed',
        '# device/edit-race has been modified on the server since resourceVersion "1" (it is now "2").',
        '# To apply your changes to the current version, set metadata.resourceVersion to "2".',
      ]),
    );
    // The user's edit was kept in the re-opened file.
    expect(result.seen[1]!.text).toContain('env: prod');
    // Only the user's change was sent: the concurrent one survives.
    expect((await fx.api('GET', '/devices/edit-race')).body.metadata.labels).toEqual({
      env: 'prod',
      owner: 'someone-else',
    });
  });

  it('re-opens an invalid edit with the reason and gives up, keeping the text, when saved unchanged', async () => {
    await createDevice('edit-bad', { env: 'dev' });
    const result = await edit(['device/edit-bad'], [{ replace: [['^spec:$', 'spec:\n  bogus: true']] }, {}]);
    expect(result.code).toBe(1);
    expect(header(result.seen[1]!.text)).toContain(
      '# device/edit-bad could not be patched: API Error: spec.bogus: unknown field',
    );
    const saved = /Your changes have been saved to: (\S+)/.exec(result.stderr)?.[1];
    expect(saved).toMatch(/flightctl-edit-failed-device-edit-bad-[0-9a-f]+\.yaml$/);
    expect(readFileSync(saved!, 'utf8')).toContain('bogus: true');
    expect(result.stderr).toContain(`You can apply these changes later using: flightctl apply -f ${saved}`);
    expect(result.stderr).toContain('Edit cancelled, no valid changes were saved.');
    rmSync(saved!);
    expect((await fx.api('GET', '/devices/edit-bad')).body.metadata.resourceVersion).toBe('1');
  });

  it('refuses a changed kind or name, and takes the corrected text (JSON)', async () => {
    await createDevice('edit-kind', { env: 'dev' });
    const result = await edit(
      ['device/edit-kind', '-o', 'json'],
      [
        { replace: [['"kind": "Device"', '"kind": "Fleet"']] },
        {
          replace: [
            ['"kind": "Fleet"', '"kind": "Device"'],
            ['"name": "edit-kind"', '"name": "edit-other"'],
          ],
        },
        {
          replace: [
            ['"name": "edit-other"', '"name": "edit-kind"'],
            ['"env": "dev"', '"env": "json"'],
          ],
        },
      ],
    );
    expect(result).toMatchObject({ code: 0, stdout: 'device/edit-kind edited\n' });
    expect(header(result.seen[1]!.text)).toContain('# cannot change resource kind from Device to Fleet');
    expect(header(result.seen[2]!.text)).toContain('# cannot change resource name from edit-kind to edit-other');
    expect((await fx.api('GET', '/devices/edit-kind')).body.metadata.labels).toEqual({ env: 'json' });
  });

  it('fails cleanly for an editor that fails, a missing resource and a kind it cannot edit', async () => {
    await createDevice('edit-fail', { env: 'dev' });
    const [editorFails, missing, wrongKind] = await Promise.all([
      fx.cli(['edit', 'device/edit-fail'], { env: { FLIGHTCTL_EDITOR: 'false', TMPDIR: fx.dir } }),
      fx.cli(['edit', 'fleet/absent'], { env: { FLIGHTCTL_EDITOR: 'false' } }),
      fx.cli(['edit', 'er/some-request']),
    ]);
    expect(editorFails).toMatchObject({ code: 1, stderr: 'editor "false" exited with status 1\n' });
    expect(readdirSync(fx.dir).filter((f) => f.startsWith('flightctl-edit-'))).toEqual([]);
    expect(missing).toMatchObject({ code: 1, stderr: 'Error: Fleet of name "absent" not found\n' });
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toBe(
      'kind must be one of device, fleet, repository, resourcesync, certificatesigningrequest, authprovider, not enrollmentrequest\n',
    );
  });
});
