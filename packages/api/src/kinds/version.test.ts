import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Version } from './version.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));

describe('Version', () => {
  it('carries the service version only', () => {
    expect(ajv.validate(Version, { version: 'v1.0.0-rc.1-12-g089368a' })).toBe(true);
    expect(ajv.validate(Version, {})).toBe(false);
    expect(ajv.validate(Version, { version: 'v1', commit: 'abc' })).toBe(false);
  });
});
