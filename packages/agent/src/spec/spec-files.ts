/**
 * The three rendered-device files in the data directory (ref/agent.md §2.4): `current.json` (last
 * applied), `desired.json` (being reconciled) and `rollback.json` (what to return to after a failed
 * OS update). Written atomically, so a crash never leaves half a spec.
 */
import { posix } from 'node:path';
import type { Device } from '@flightctl/api';
import type { RootDir } from '../os/root-dir.js';

export const SPEC_TYPES = ['current', 'desired', 'rollback'] as const;
export type SpecType = (typeof SPEC_TYPES)[number];

const SPEC_FILE_MODE = 0o644;

/** A spec file vanished while the agent runs: its state can no longer be trusted. */
export class SpecFileMissingError extends Error {
  override name = 'SpecFileMissingError';
}

export class SpecFiles {
  constructor(
    private readonly root: RootDir,
    private readonly dataDir: string,
  ) {}

  path(type: SpecType): string {
    return posix.join(this.dataDir, `${type}.json`);
  }

  exists(type: SpecType): Promise<boolean> {
    return this.root.exists(this.path(type));
  }

  async read(type: SpecType): Promise<Device> {
    const path = this.path(type);
    const text = await this.root.readFile(path);
    if (text === undefined) throw new SpecFileMissingError(`spec file ${path} is missing`);
    try {
      return JSON.parse(text) as Device;
    } catch (err) {
      throw new Error(`reading ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Throws SpecFileMissingError when any spec file is gone: something other than the agent removed it. */
  async checkPresent(): Promise<void> {
    for (const type of SPEC_TYPES)
      if (!(await this.exists(type))) throw new SpecFileMissingError(`spec file ${this.path(type)} is missing`);
  }

  write(type: SpecType, device: Device): Promise<void> {
    return this.root.writeFileAtomic(this.path(type), JSON.stringify(device), SPEC_FILE_MODE);
  }
}
