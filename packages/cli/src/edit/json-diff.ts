/**
 * An RFC 6902 JSON Patch from one JSON value to another, using only the operations the API accepts
 * (add, remove, replace; ref/api.md §3.7). Objects are compared key by key so a patch touches only
 * what changed; an array that changed length is replaced whole, which stays correct without a
 * sequence diff.
 */
import { isDeepStrictEqual } from 'node:util';

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** One key as a JSON Pointer segment (`a/b` → `a~1b`). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Operations turning `before` into `after`, both found at `path` (a JSON Pointer, '' for the root). */
export function diffJson(before: unknown, after: unknown, path = ''): PatchOperation[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (before === undefined) return [{ op: 'add', path, value: after }];
  if (after === undefined) return [{ op: 'remove', path }];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => diffJson(before[key], after[key], `${path}/${pointerSegment(key)}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((item, i) => diffJson(item, after[i], `${path}/${i}`));
  return [{ op: 'replace', path, value: after }];
}
