/**
 * Secrets never leave the server: responses carry `*****` in their place, and a write that
 * sends `*****` back means "keep the stored value" (api.md §4.5, §4.10).
 */

export const MASKED_SECRET = '*****';

/** Property names from the resource root to one secret string, e.g. `['spec', 'httpConfig', 'password']`. */
export type SecretPath = readonly string[];

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object holding the last key of `path`, if every step on the way exists. */
function holderOf(root: unknown, path: SecretPath): Node | undefined {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isNode(node)) return undefined;
    node = node[key];
  }
  return isNode(node) ? node : undefined;
}

function lastKey(path: SecretPath): string {
  return path[path.length - 1] ?? '';
}

/** A copy of `resource` with every secret present at `paths` replaced by `*****`. */
export function maskSecrets<T>(resource: T, paths: readonly SecretPath[]): T {
  const copy = structuredClone(resource);
  for (const path of paths) {
    const holder = holderOf(copy, path);
    const key = lastKey(path);
    if (holder && typeof holder[key] === 'string') holder[key] = MASKED_SECRET;
  }
  return copy;
}

/**
 * A copy of `incoming` where each `*****` at `paths` is replaced by the value `stored` has there.
 * A `*****` with nothing stored behind it stays as sent: there is no value to keep.
 */
export function keepMaskedSecrets<T>(incoming: T, stored: T | undefined, paths: readonly SecretPath[]): T {
  const copy = structuredClone(incoming);
  for (const path of paths) {
    const holder = holderOf(copy, path);
    const key = lastKey(path);
    if (!holder || holder[key] !== MASKED_SECRET) continue;
    const previous = holderOf(stored, path)?.[key];
    if (typeof previous === 'string') holder[key] = previous;
  }
  return copy;
}
