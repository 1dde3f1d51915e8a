import { mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootDir } from './root-dir.js';

let tmp: string;
let root: RootDir;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'flightctl-root-'));
  root = new RootDir(tmp);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('RootDir.path', () => {
  it('maps absolute device paths under the root', () => {
    expect(root.path('/etc/flightctl/config.yaml')).toBe(path.join(tmp, 'etc/flightctl/config.yaml'));
    expect(root.path('/')).toBe(tmp);
    expect(root.path('/var/lib/../lib/flightctl/./certs')).toBe(path.join(tmp, 'var/lib/flightctl/certs'));
  });

  it('refuses paths that climb out of the root', () => {
    expect(() => root.path('/../etc/passwd')).toThrow(/escapes the root/);
    expect(() => root.path('/var/lib/flightctl/../../../../etc/shadow')).toThrow(/escapes the root/);
  });

  it('refuses relative paths, which have no meaning on the device', () => {
    expect(() => root.path('etc/passwd')).toThrow(/must be absolute/);
  });

  it('is the real root unless FLIGHTCTL_TEST_ROOT_DIR says otherwise', () => {
    const saved = process.env.FLIGHTCTL_TEST_ROOT_DIR;
    try {
      delete process.env.FLIGHTCTL_TEST_ROOT_DIR;
      expect(new RootDir().path('/etc/os-release')).toBe('/etc/os-release');
      process.env.FLIGHTCTL_TEST_ROOT_DIR = tmp;
      expect(new RootDir().path('/etc/os-release')).toBe(path.join(tmp, 'etc/os-release'));
    } finally {
      if (saved === undefined) delete process.env.FLIGHTCTL_TEST_ROOT_DIR;
      else process.env.FLIGHTCTL_TEST_ROOT_DIR = saved;
    }
  });
});

describe('RootDir files', () => {
  it('writes with the requested mode, creating parent directories, and reads back', async () => {
    await root.writeFileAtomic('/var/lib/flightctl/certs/agent.crt', 'CERT', 0o600);

    const file = path.join(tmp, 'var/lib/flightctl/certs/agent.crt');
    expect(await readFile(file, 'utf8')).toBe('CERT');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await root.readFile('/var/lib/flightctl/certs/agent.crt')).toBe('CERT');
    expect(await root.exists('/var/lib/flightctl/certs')).toBe(true);
  });

  it('reports missing files and directories as absent, not as errors', async () => {
    expect(await root.readFile('/etc/missing')).toBeUndefined();
    expect(await root.exists('/etc/missing')).toBe(false);
    expect(await root.readDir('/etc/missing.d')).toEqual([]);
    await root.remove('/etc/missing');
  });

  it('replaces a file atomically: a concurrent reader sees the old or the new content, never a mix', async () => {
    const big = (c: string) => c.repeat(4 * 1024 * 1024);
    const versions = ['a', 'b', 'c', 'd', 'e'].map(big);
    await root.writeFileAtomic('/data/file', versions[0]!);
    // Held open, the first file's inode cannot be freed and handed to a later file.
    const first = await open(root.path('/data/file'));

    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const content = (await root.readFile('/data/file'))!;
        expect(content.length).toBe(versions[0]!.length);
        expect(content).toBe(content[0]!.repeat(content.length));
        seen.add(content[0]!);
      }
    })();
    for (const version of versions.slice(1)) await root.writeFileAtomic('/data/file', version);
    writing = false;
    await reader;

    expect(await root.readFile('/data/file')).toBe(versions.at(-1));
    // Replaced, not rewritten in place: the first file is intact under its old inode.
    expect((await stat(root.path('/data/file'))).ino).not.toBe((await first.stat()).ino);
    expect(await first.readFile('utf8')).toBe(versions[0]);
    await first.close();
    expect(seen.size).toBeGreaterThan(0);
    // No temporary file is left behind.
    expect(await readdir(root.path('/data'))).toEqual(['file']);
  });

  it('keeps the old content and leaves nothing behind when the write fails', async () => {
    await root.writeFileAtomic('/data/file', 'old');
    // A directory where the file should be makes the rename fail.
    await root.mkdir('/data/dir/file');
    await expect(root.writeFileAtomic('/data/dir/file', 'new')).rejects.toThrow();
    expect(await readdir(root.path('/data/dir'))).toEqual(['file']);
    expect(await root.readFile('/data/file')).toBe('old');
  });

  it('lists, creates with a mode, and removes directory trees', async () => {
    await root.mkdir('/etc/flightctl/certs.d', 0o700);
    expect((await stat(root.path('/etc/flightctl/certs.d'))).mode & 0o777).toBe(0o700);
    await writeFile(root.path('/etc/flightctl/certs.d/b.yaml'), '');
    await writeFile(root.path('/etc/flightctl/certs.d/a.yaml'), '');
    expect(await root.readDir('/etc/flightctl/certs.d')).toEqual(['a.yaml', 'b.yaml']);

    await root.remove('/etc/flightctl');
    expect(await root.exists('/etc/flightctl')).toBe(false);
    expect(await root.exists('/etc')).toBe(true);
  });
});
