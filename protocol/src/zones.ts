/**
 * The zones of a site as staff pick them (`GET /api/v1/zones`): where a display hangs and
 * which displays a message goes to. The admin edits them (admin.ts); others only read.
 */
import Type from 'typebox';
import { Id } from './common.js';

const strict = { additionalProperties: false } as const;

export const ZoneView = Type.Object({ id: Id, name: Type.String() }, strict);
export type ZoneView = Type.Static<typeof ZoneView>;

export const ZoneList = Type.Object({ zones: Type.Array(ZoneView) }, strict);
export type ZoneList = Type.Static<typeof ZoneList>;
