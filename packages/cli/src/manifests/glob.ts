/**
 * Filename patterns for `apply -f 'dir/*.yaml'` (quoted, so the shell left them to us), expanded as
 * Go's filepath.Glob does: `*`, `?` and `[…]` (`[^…]` negated) within one path segment, matches
 * sorted.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

const MAGIC = /[*?[]/;

export function hasGlobMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) throw new Error(`pattern "${segment}" has an unclosed "["`);
      source += `[${segment.slice(i + 1, end)}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Existing paths matching `pattern`, sorted; empty when nothing matches. */
export function expandGlob(pattern: string): string[] {
  const segments = pattern.split('/');
  let paths = [isAbsolute(pattern) ? sep : '.'];
  if (isAbsolute(pattern)) segments.shift();
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    // Every segment but the last must be a directory to descend into.
    const keep = (path: string) => (last ? exists(path) : isDirectory(path));
    paths = paths.flatMap((base) => {
      if (!hasGlobMagic(segment)) return keep(join(base, segment)) ? [join(base, segment)] : [];
      const re = segmentRegExp(segment);
      return list(base)
        .filter((name) => re.test(name))
        .map((name) => join(base, name))
        .filter(keep);
    });
  }
  return paths;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
