/** The body of `GET /api/v1/labels`: distinct device labels, each formatted "key=value". */
import Type, { type Static } from 'typebox';

export const LabelList = Type.Array(Type.String({ description: '"key=value"' }), { title: 'LabelList' });
export type LabelList = Static<typeof LabelList>;
