/** Small helpers the kind validators share to turn problem strings into `FieldError`s. */
import type { FieldError } from '../common/errors.js';

/** One `FieldError` per problem found at `path`. */
export function at(path: string, problems: readonly string[]): FieldError[] {
  return problems.map((message) => ({ path, message }));
}

/** The values that occur more than once, each reported at the index of its second (and later) occurrence. */
export function duplicates<T>(values: readonly T[]): { index: number; value: T }[] {
  const seen = new Set<T>();
  const repeated: { index: number; value: T }[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push({ index, value });
    seen.add(value);
  });
  return repeated;
}
