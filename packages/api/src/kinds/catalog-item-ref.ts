/** A reference to a version of a catalog item (v1alpha1 catalogs), usable wherever an OS or app image is. */
import Type, { type Static } from 'typebox';

export const CatalogItemRefSpec = Type.Object(
  {
    catalog: Type.String({ description: 'The catalog the item is part of.' }),
    item: Type.String({ description: 'The catalog item.' }),
    version: Type.String({ description: 'A version that exists in the catalog item.' }),
    channel: Type.Optional(Type.String({ description: 'Update channel that provides update cues.' })),
  },
  { additionalProperties: false, title: 'CatalogItemRefSpec' },
);
export type CatalogItemRefSpec = Static<typeof CatalogItemRefSpec>;
