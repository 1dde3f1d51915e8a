/**
 * `npm run bench -- NAME [args…]` runs the benchmark in bench/NAME/index.ts. A benchmark module's
 * default export is `(args: string[]) => Promise<void>`; it receives the arguments after NAME (CI passes
 * `--smoke` for a short run that only proves the benchmark still works) and throws on failure.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = 'index.ts';
const USAGE_ERROR = 2;

/** Names of the subdirectories of `dir` that hold a benchmark. */
export async function listBenchmarks(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, ENTRY)))
    .map((e) => e.name)
    .sort();
}

/** Runs the benchmark named by `argv[0]` with the remaining arguments; resolves to the exit code. */
export async function runBenchmark(dir: string, argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = await listBenchmarks(dir);
  // Only listed names are imported, so NAME can never point outside the benchmark directory.
  if (name === undefined || !names.includes(name)) {
    if (name !== undefined) console.error(`unknown benchmark: ${name}`);
    console.error(`usage: npm run bench -- NAME [args…]\navailable: ${names.join(', ') || '(none)'}`);
    return USAGE_ERROR;
  }
  const entry = path.join(dir, name, ENTRY);
  const benchmark: unknown = (await import(pathToFileURL(entry).href)).default;
  if (typeof benchmark !== 'function') {
    throw new Error(`${entry} must export a default function (args: string[]) => Promise<void>`);
  }
  await benchmark(args);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  // Exit explicitly: a benchmark that leaves a socket or timer open must not hang CI.
  runBenchmark(dir, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
