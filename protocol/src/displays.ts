/**
 * Reception's side of the displays: messages to a zone with an expiry, a display's
 * everyday settings (zone, layout, sound), and a test call.
 */
import Type from 'typebox';
import { Id, IsoTime, Localized } from './common.js';
import { DisplayLayout } from './mqtt.js';

const strict = { additionalProperties: false } as const;

export const ZoneMessageRequest = Type.Object({
  /** Swedish at least; other languages are shown to their readers as the display rotates. */
  text: Localized,
  /** How long it shows, 1 minute to 24 hours. */
  minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
}, strict);
export type ZoneMessageRequest = Type.Static<typeof ZoneMessageRequest>;

export const ZoneMessage = Type.Object({
  id: Type.String(),
  zone: Id,
  text: Localized,
  createdAt: IsoTime,
  expiresAt: IsoTime,
}, strict);
export type ZoneMessage = Type.Static<typeof ZoneMessage>;

export const ZoneMessageList = Type.Object({ messages: Type.Array(ZoneMessage) }, strict);
export type ZoneMessageList = Type.Static<typeof ZoneMessageList>;

/** What reception may change on a display, without the admin's full form. */
export const DisplaySettingsRequest = Type.Object({
  zone: Type.Optional(Id),
  layout: Type.Optional(DisplayLayout),
  volume: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  chime: Type.Optional(Type.Boolean()),
  speech: Type.Optional(Type.Boolean()),
  showStaffName: Type.Optional(Type.Boolean()),
}, strict);
export type DisplaySettingsRequest = Type.Static<typeof DisplaySettingsRequest>;

export const DisplayStatus = Type.Object({
  id: Id,
  name: Type.String(),
  zone: Id,
  layout: DisplayLayout,
  volume: Type.Number(),
  chime: Type.Boolean(),
  speech: Type.Boolean(),
  showStaffName: Type.Boolean(),
  languages: Type.Array(Type.String()),
}, strict);
export type DisplayStatus = Type.Static<typeof DisplayStatus>;

export const DisplayStatusList = Type.Object({ displays: Type.Array(DisplayStatus) }, strict);
export type DisplayStatusList = Type.Static<typeof DisplayStatusList>;
