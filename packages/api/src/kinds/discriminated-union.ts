/**
 * A tagged union as OpenAPI writes it: `oneOf` plus `discriminator.propertyName`.
 * TypeBox's own Union emits `anyOf`, which lets a value match several variants and gives
 * Ajv (with `discriminator: true`) no tag to report errors against.
 */
import Type, { type Static, type TObject, type TSchemaOptions, type TUnsafe } from 'typebox';

export function DiscriminatedUnion<const Variants extends TObject[]>(
  propertyName: string,
  variants: [...Variants],
  options: TSchemaOptions = {},
): TUnsafe<Static<Variants[number]>> {
  return Type.Unsafe<Static<Variants[number]>>({
    ...options,
    type: 'object',
    required: [propertyName],
    oneOf: variants,
    discriminator: { propertyName },
  });
}
