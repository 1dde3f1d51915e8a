import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so `npm test` needs no build step.
    alias: {
      // Before '@flightctl/api', which as a prefix would also catch this subpath.
      '@flightctl/api/kinds': fileURLToPath(new URL('./packages/api/src/kinds-entry.ts', import.meta.url)),
      '@flightctl/api/agent': fileURLToPath(new URL('./packages/api/src/agent-entry.ts', import.meta.url)),
      '@flightctl/api': src('api'),
      '@flightctl/service': src('service'),
      '@flightctl/testing': src('testing'),
      '@flightctl/cli': src('cli'),
      '@flightctl/agent': src('agent'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy (a WASM PostgreSQL each); two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
