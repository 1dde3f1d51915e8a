/**
 * What the benchmarks' option parsers share: errors that name the option and end with the
 * benchmark's usage text, and where the PostgreSQL server is found.
 */

/** A reader of positive integer options for a benchmark with `usage`. */
export function positiveIntegers(usage: string) {
  return (name: string, value: string | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${usage}`);
    return n;
  };
}

/** `value` when it is one of `allowed`, else an error naming them. */
export function oneOf<T extends string>(usage: string, name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`--${name} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}\n${usage}`);
}

/** The server to create benchmark databases on: `--pg-url`, the tests' server, or the local default. */
export function postgresUrl(given: string | undefined): string {
  return given ?? process.env.FLIGHTCTL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
