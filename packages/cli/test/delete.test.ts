/**
 * `flightctl delete` end to end: one or several names, a partial failure that still deletes the
 * rest, and the argument checks that keep it from deleting a whole collection.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { gitRepository, resource, useCliFixture } from './cli-fixture.js';

const fx = useCliFixture();

describe('delete', () => {
  it('deletes one resource by TYPE/NAME and several by TYPE NAME…', async () => {
    for (const name of ['del-a', 'del-b', 'del-c'])
      expect((await fx.api('POST', '/repositories', gitRepository(name))).status).toBe(201);
    const [single, several] = await Promise.all([
      fx.cli(['delete', 'repository/del-a']),
      fx.cli(['delete', 'repo', 'del-b', 'del-c']),
    ]);
    expect(single).toMatchObject({ code: 0, stdout: 'Deletion request for repository "del-a" completed\n' });
    expect(several).toMatchObject({
      code: 0,
      stdout: 'Deletion request for repository "del-b" completed\nDeletion request for repository "del-c" completed\n',
    });
    for (const name of ['del-a', 'del-b', 'del-c'])
      expect((await fx.api('GET', `/repositories/${name}`)).status).toBe(404);
  });

  it('reports each failure, deletes the rest, and fails at the end', async () => {
    // An enrollment request whose device exists cannot be deleted (ref/api.md §6.6).
    const er = parse(readFileSync('examples/enrollmentrequest.yaml', 'utf8'));
    const name: string = er.metadata.name;
    expect((await fx.api('POST', '/enrollmentrequests', er)).status).toBe(201);
    expect((await fx.api('PUT', `/devices/${name}`, resource('Device', name))).status).toBe(201);
    expect((await fx.api('POST', '/repositories', gitRepository('del-ok'))).status).toBe(201);
    const refusal = `cannot delete ER "${name}": device exists`;

    const [several, single] = await Promise.all([
      fx.cli(['delete', 'er', name, 'del-ok-er']),
      fx.cli(['delete', `enrollmentrequest/${name}`]),
    ]);
    expect(several).toEqual({
      code: 1,
      stdout: 'Deletion request for enrollmentrequest "del-ok-er" completed\n',
      stderr: `Error: deleting enrollmentrequest/${name}: ${refusal}\nfailed to delete 1 enrollmentrequest(s)\n`,
    });
    expect(single).toEqual({ code: 1, stdout: '', stderr: `Error: deleting enrollmentrequest/${name}: ${refusal}\n` });
    expect((await fx.api('GET', `/enrollmentrequests/${name}`)).status).toBe(200);
  });

  it('deletes template versions of the fleet given with -f', async () => {
    const result = await fx.cli(['delete', 'tv', 'v1', '-f', 'some-fleet']);
    expect(result).toEqual({ code: 0, stdout: 'Deletion request for templateversion "v1" completed\n', stderr: '' });
  });

  it('refuses to guess what to delete', async () => {
    const cases: [string[], string][] = [
      [['devices'], 'name must be specified when deleting devices'],
      [['events', 'e1'], 'events cannot be deleted'],
      [['templateversion/v1'], 'fleetname must be specified when deleting templateversions'],
      [['devices', 'd1', '-f', 'f1'], '-f/--fleetname applies only to templateversions'],
      [['device/d1', 'd2'], 'cannot combine "device/d1" with more arguments'],
      [['device/Not_A_Name'], 'invalid device name "Not_A_Name"'],
    ];
    const results = await Promise.all(cases.map(([args]) => fx.cli(['delete', ...args])));
    results.forEach((result, i) => {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(cases[i]![1]);
    });
  });
});
