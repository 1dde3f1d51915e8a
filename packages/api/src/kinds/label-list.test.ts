import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LabelList } from './label-list.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));

describe('LabelList', () => {
  it('is a plain array of "key=value" strings, as upstream', () => {
    expect(ajv.validate(LabelList, ['environment=production', 'region=us-east-1'])).toBe(true);
    expect(ajv.validate(LabelList, [])).toBe(true);
    expect(ajv.validate(LabelList, { items: ['a=b'] })).toBe(false);
    expect(ajv.validate(LabelList, [{ key: 'a', value: 'b' }])).toBe(false);
  });
});
