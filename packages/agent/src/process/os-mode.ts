/**
 * How the OS is managed (ref/agent.md §2.1 step 4): image mode when `bootc` or `rpm-ostree` is on
 * the PATH, package mode otherwise.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { OsModeType } from '@flightctl/api';

async function onPath(binary: string, path: string): Promise<boolean> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

export async function detectOsMode(path = process.env.PATH ?? ''): Promise<OsModeType> {
  return (await onPath('bootc', path)) || (await onPath('rpm-ostree', path)) ? 'image' : 'package';
}
