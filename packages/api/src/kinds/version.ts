/** The body of `GET /api/v1/version` (and its alias `/api/version`). */
import Type, { type Static } from 'typebox';

export const Version = Type.Object(
  { version: Type.String({ description: 'Git version of the service.' }) },
  { additionalProperties: false, title: 'Version' },
);
export type Version = Static<typeof Version>;
