/**
 * The device's filesystem as the agent sees it. Every file the agent reads or writes goes through a
 * RootDir, so tests and the device simulator run the whole agent under a temporary directory
 * (FLIGHTCTL_TEST_ROOT_DIR) exactly as upstream's fileio does, and writes of state the agent depends
 * on (certificates, rendered specs) are atomic.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_DIRECTORY_MODE = 0o755;

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class RootDir {
  readonly root: string;

  constructor(root: string = process.env.FLIGHTCTL_TEST_ROOT_DIR ?? '/') {
    this.root = path.resolve(root);
  }

  /**
   * Where the absolute device path `p` lives on this machine. A path that climbs above the device
   * root with `..` is refused rather than clamped: it is a bug or an attack, never a real location.
   */
  path(p: string): string {
    if (!path.posix.isAbsolute(p)) throw new RangeError(`device path must be absolute: ${JSON.stringify(p)}`);
    const segments: string[] = [];
    for (const segment of p.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (segments.length === 0) throw new RangeError(`device path escapes the root: ${JSON.stringify(p)}`);
        segments.pop();
      } else {
        segments.push(segment);
      }
    }
    return path.join(this.root, ...segments);
  }

  /** The file's text, or undefined when it does not exist. */
  async readFile(p: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(p), 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Replaces the file in one step: a crash or a concurrent reader sees the old content or the new,
   * never a truncated file. The data is flushed before the rename and the rename before returning.
   */
  async writeFileAtomic(p: string, data: string | Uint8Array, mode: number = DEFAULT_FILE_MODE): Promise<void> {
    const target = this.path(p);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true, mode: DEFAULT_DIRECTORY_MODE });
    const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(tmp, 'wx', mode);
      try {
        await file.writeFile(data);
        // The umask may have narrowed the mode given to open().
        await file.chmod(mode);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDirectory(dir);
  }

  /** Creates the directory and any missing parents. */
  async mkdir(p: string, mode: number = DEFAULT_DIRECTORY_MODE): Promise<void> {
    await mkdir(this.path(p), { recursive: true, mode });
  }

  /** Removes the file or directory tree; a missing one is not an error. */
  async remove(p: string): Promise<void> {
    await rm(this.path(p), { recursive: true, force: true });
  }

  async exists(p: string): Promise<boolean> {
    try {
      await stat(this.path(p));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** The names in the directory, sorted; empty when the directory does not exist. */
  async readDir(p: string): Promise<string[]> {
    try {
      return (await readdir(this.path(p))).sort();
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }
}

// Makes the rename itself durable: without it a power loss can bring back the old directory entry.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
