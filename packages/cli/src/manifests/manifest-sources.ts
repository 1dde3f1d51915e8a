/**
 * What `apply -f` names, turned into readable sources as upstream does: `-` is stdin, a file is
 * taken whatever its extension, a directory contributes its .json/.yaml/.yml files in name order
 * (subdirectories only with -R), and a path that does not exist is tried as a glob pattern.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { expandGlob, hasGlobMagic } from './glob.js';

export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

export interface ManifestSource {
  /** How messages name it: the path, or `<stdin>`. */
  name: string;
  read(): string;
}

/** A source to read, or why a -f value gave none. */
export type SourceEntry = { source: ManifestSource } | { problem: string };

const STDIN: ManifestSource = { name: '<stdin>', read: () => readFileSync(0, 'utf8') };

function fileSource(path: string): ManifestSource {
  return { name: path, read: () => readFileSync(path, 'utf8') };
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function walk(dir: string, recursive: boolean): SourceEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    return [{ problem: `the path "${dir}" cannot be read: ${(err as Error).message}` }];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (stat(path)?.isDirectory()) return recursive ? walk(path, recursive) : [];
    return MANIFEST_EXTENSIONS.includes(extname(name)) ? [{ source: fileSource(path) }] : [];
  });
}

function expandFilename(filename: string): string[] | undefined {
  if (stat(filename)) return [filename];
  if (!hasGlobMagic(filename)) return undefined;
  const matches = expandGlob(filename);
  return matches.length > 0 ? matches : undefined;
}

export function resolveSources(filenames: readonly string[], recursive: boolean): SourceEntry[] {
  return filenames.flatMap((filename): SourceEntry[] => {
    if (filename === '-') return [{ source: STDIN }];
    let paths: string[] | undefined;
    try {
      paths = expandFilename(filename);
    } catch (err) {
      return [{ problem: `pattern "${filename}" is not valid: ${(err as Error).message}` }];
    }
    if (!paths) return [{ problem: `the path "${filename}" does not exist` }];
    return paths.flatMap((path) =>
      stat(path)?.isDirectory() ? walk(path, recursive) : [{ source: fileSource(path) }],
    );
  });
}
