import { createRequire } from 'node:module';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { DiscriminatedUnion } from './discriminated-union.js';

// The root `ajv` is eslint's ajv@6; ajv-formats always resolves the ajv@8 it is built for.
const load = createRequire(createRequire(import.meta.url).resolve('ajv-formats'));
const ajv = load('ajv-formats')(new (load('ajv').Ajv)({ allErrors: true, strict: false, discriminator: true }));

const Shape = DiscriminatedUnion(
  'kind',
  [
    Type.Object({ kind: Type.Literal('circle'), radius: Type.Number() }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('square'), side: Type.Number() }, { additionalProperties: false }),
  ],
  { title: 'Shape' },
);

describe('DiscriminatedUnion', () => {
  it('emits an OpenAPI-style oneOf with a discriminator', () => {
    expect(Shape).toMatchObject({
      title: 'Shape',
      type: 'object',
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
    });
    expect((Shape as unknown as { oneOf: unknown[] }).oneOf).toHaveLength(2);
  });

  it('validates by tag with Ajv', () => {
    const validate = ajv.compile(Shape);
    expect(validate({ kind: 'circle', radius: 1 })).toBe(true);
    expect(validate({ kind: 'square', radius: 1 })).toBe(false);
    expect(validate({ kind: 'triangle' })).toBe(false);
    expect(validate({ side: 1 })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('required');
  });
});
