/**
 * Site configuration as administrators edit it (`/api/v1/admin`): services, answer groups,
 * languages, zones, service points, agents and displays (DESIGN §4). Every write is a
 * PUT of the whole item by id (an idempotent upsert) or a DELETE that deactivates or
 * retires it; the server validates with these, the console types with them.
 */
import Type from 'typebox';
import { Id, LanguageCode, Localized } from './common.js';
import { Channel } from './contacts.js';
import { DisplayLayout, Wayfinding } from './mqtt.js';

const strict = { additionalProperties: false } as const;

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Position = Type.Integer({ minimum: 0, maximum: 10_000, description: 'order in lists; omitted on update: kept, on create: last' });
/** Staff ids are made by the server (UUIDs); not necessarily the `Id` pattern. */
const StaffId = Type.String({ minLength: 1, maxLength: 64 });

/** A ticket prefix: numbers run per prefix and service day, so it is unique among a site's active services. */
export const ServicePrefix = Type.String({ pattern: '^[A-Z]{1,2}$', description: '1–2 upper-case letters, e.g. "B"' });

export const LanguageCodeParams = Type.Object({ code: LanguageCode }, strict);
export type LanguageCodeParams = Type.Static<typeof LanguageCodeParams>;

/** Needed only where one server runs several sites; an admin bound to a site may only name theirs. */
export const AdminSiteQuery = Type.Object({ site: Type.Optional(Id) }, strict);
export type AdminSiteQuery = Type.Static<typeof AdminSiteQuery>;

// ---------------------------------------------------------------- services

export const AdminServiceRequest = Type.Object({
  /** Must have "sv", the site's fallback language. */
  name: Localized,
  description: Type.Optional(Localized),
  prefix: ServicePrefix,
  answerGroup: Id,
  slTargetFraction: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share answered within the target time; default 0.8' })),
  slTargetSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600, description: 'SL target time; default 600' })),
  active: Type.Optional(Type.Boolean({ description: 'default true; false hides it from the kiosk' })),
  position: Type.Optional(Position),
}, strict);
export type AdminServiceRequest = Type.Static<typeof AdminServiceRequest>;

export const AdminService = Type.Object({
  id: Id,
  name: Localized,
  description: Type.Optional(Localized),
  prefix: ServicePrefix,
  answerGroup: Id,
  slTargetFraction: Type.Number(),
  slTargetSeconds: Type.Integer(),
  active: Type.Boolean(),
  position: Type.Integer(),
}, strict);
export type AdminService = Type.Static<typeof AdminService>;

// ---------------------------------------------------------------- answer groups, languages, zones

export const AdminAnswerGroupRequest = Type.Object({ name: Name }, strict);
export type AdminAnswerGroupRequest = Type.Static<typeof AdminAnswerGroupRequest>;
export const AdminAnswerGroup = Type.Object({ id: Id, name: Type.String() }, strict);
export type AdminAnswerGroup = Type.Static<typeof AdminAnswerGroup>;

export const AdminLanguageRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'native name, e.g. "العربية"' }),
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
  staffed: Type.Boolean({ description: 'false: served through an interpreter or sign-language video' }),
}, strict);
export type AdminLanguageRequest = Type.Static<typeof AdminLanguageRequest>;
export const AdminLanguage = Type.Object({
  code: LanguageCode,
  name: Type.String(),
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
  staffed: Type.Boolean(),
}, strict);
export type AdminLanguage = Type.Static<typeof AdminLanguage>;

/** The languages the site's kiosks offer, in order; each needs a visitor catalog. */
export const AdminKioskLanguages = Type.Object({
  languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 24, uniqueItems: true }),
}, strict);
export type AdminKioskLanguages = Type.Static<typeof AdminKioskLanguages>;

export const AdminZoneRequest = Type.Object({ name: Name }, strict);
export type AdminZoneRequest = Type.Static<typeof AdminZoneRequest>;
export const AdminZone = Type.Object({ id: Id, name: Type.String() }, strict);
export type AdminZone = Type.Static<typeof AdminZone>;

/** A work profile's rules (server/src/core/routing/types.ts); numbers are checked by the server, which lists every problem at once. */
export const WorkProfileRuleConfig = Type.Union([
  Type.Object({ kind: Type.Literal('waited_over'), service: Type.Optional(Id), seconds: Type.Number() }, strict),
  Type.Object({ kind: Type.Literal('interleave'), priority: Type.Number(), normal: Type.Number() }, strict),
  Type.Object({ kind: Type.Literal('appointments_first'), windowBeforeSeconds: Type.Number(), windowAfterSeconds: Type.Number() }, strict),
  Type.Object({
    kind: Type.Literal('escalate'), afterSeconds: Type.Number(), extraSkills: Type.Array(Id, { maxItems: 64 }), penalty: Type.Optional(Type.Number()),
  }, strict),
]);
export type WorkProfileRuleConfig = Type.Static<typeof WorkProfileRuleConfig>;

export const WorkProfileConfig = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  rules: Type.Array(WorkProfileRuleConfig, { maxItems: 32 }),
}, strict);
export type WorkProfileConfig = Type.Static<typeof WorkProfileConfig>;

// ---------------------------------------------------------------- service points

export const AdminServicePointRequest = Type.Object({
  name: Localized,
  /** The zones whose displays announce calls to it; replaced as a whole. */
  zones: Type.Array(Id, { maxItems: 16, uniqueItems: true }),
  /** The services served here; replaced as a whole. */
  services: Type.Array(Id, { maxItems: 64, uniqueItems: true }),
  position: Type.Optional(Position),
  /** The counter's work profile, used by agents without one of their own; null: none; omitted: unchanged. */
  profile: Type.Optional(Type.Union([WorkProfileConfig, Type.Null()])),
  /** How visitors find it from the zones' displays; null: none; omitted: unchanged. */
  wayfinding: Type.Optional(Type.Union([Wayfinding, Type.Null()])),
}, strict);
export type AdminServicePointRequest = Type.Static<typeof AdminServicePointRequest>;
export const AdminServicePoint = Type.Object({
  id: Id,
  name: Localized,
  zones: Type.Array(Id),
  services: Type.Array(Id),
  position: Type.Integer(),
  profile: Type.Union([WorkProfileConfig, Type.Null()]),
  wayfinding: Type.Union([Wayfinding, Type.Null()]),
}, strict);
export type AdminServicePoint = Type.Static<typeof AdminServicePoint>;

// ---------------------------------------------------------------- agents


export const AdminSkill = Type.Object({
  service: Id,
  penalty: Type.Number({ minimum: -10, maximum: 10, description: 'in units of the service SL target; 0 = primary skill' }),
}, strict);
export type AdminSkill = Type.Static<typeof AdminSkill>;

export const AdminAgentRequest = Type.Object({
  name: Name,
  /** Skills, languages and channels are each replaced as a whole. */
  channels: Type.Array(Channel, { maxItems: 4, uniqueItems: true }),
  skills: Type.Array(AdminSkill, { maxItems: 64 }),
  languages: Type.Array(LanguageCode, { maxItems: 24, uniqueItems: true }),
  /** The staff account that signs in as this agent; null: none; omitted: unchanged (none on create). */
  staff: Type.Optional(Type.Union([StaffId, Type.Null()])),
  /** The agent's work profile; null: none; omitted: unchanged (none on create). */
  profile: Type.Optional(Type.Union([WorkProfileConfig, Type.Null()])),
}, strict);
export type AdminAgentRequest = Type.Static<typeof AdminAgentRequest>;

export const AdminAgent = Type.Object({
  id: Id,
  name: Type.String(),
  staff: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Channel),
  skills: Type.Array(AdminSkill),
  languages: Type.Array(LanguageCode),
  profile: Type.Union([WorkProfileConfig, Type.Null()]),
}, strict);
export type AdminAgent = Type.Static<typeof AdminAgent>;

// ---------------------------------------------------------------- devices

export const AdminDisplayRequest = Type.Object({
  zone: Id,
  name: Name,
  languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 24, uniqueItems: true }),
  chime: Type.Boolean(),
  volume: Type.Number({ minimum: 0, maximum: 1 }),
  /** Default landscape; speech on, staff name off. */
  layout: Type.Optional(DisplayLayout),
  speech: Type.Optional(Type.Boolean()),
  showStaffName: Type.Optional(Type.Boolean()),
}, strict);
export type AdminDisplayRequest = Type.Static<typeof AdminDisplayRequest>;
export const AdminDisplay = Type.Object({
  id: Id,
  zone: Id,
  name: Type.String(),
  languages: Type.Array(LanguageCode),
  chime: Type.Boolean(),
  volume: Type.Number(),
  layout: DisplayLayout,
  speech: Type.Boolean(),
  showStaffName: Type.Boolean(),
}, strict);
export type AdminDisplay = Type.Static<typeof AdminDisplay>;

export const AdminKiosk = Type.Object({ id: Id, name: Type.String(), printer: Type.Union([Id, Type.Null()]) }, strict);
export type AdminKiosk = Type.Static<typeof AdminKiosk>;
export const AdminPrinter = Type.Object({ id: Id, name: Type.String() }, strict);
export type AdminPrinter = Type.Static<typeof AdminPrinter>;

// ---------------------------------------------------------------- the whole

export const AdminConfig = Type.Object({
  site: Type.Object({
    id: Id, name: Type.String(), timeZone: Type.String(), interpreterAfterSeconds: Type.Integer(), maxRecalls: Type.Integer(),
  }, strict),
  kioskLanguages: Type.Array(LanguageCode),
  services: Type.Array(AdminService),
  answerGroups: Type.Array(AdminAnswerGroup),
  /** Languages are shared by every site of the server. */
  languages: Type.Array(AdminLanguage),
  zones: Type.Array(AdminZone),
  servicePoints: Type.Array(AdminServicePoint),
  agents: Type.Array(AdminAgent),
  displays: Type.Array(AdminDisplay),
  kiosks: Type.Array(AdminKiosk),
  printers: Type.Array(AdminPrinter),
}, strict);
export type AdminConfig = Type.Static<typeof AdminConfig>;

/**
 * What a DELETE did: `deactivated` (a service: kept, hidden from kiosks), `deleted` (nothing
 * referred to it), `retired` (history refers to it, so it is kept but takes no more work).
 */
export const AdminRemoval = Type.Object({
  id: Type.String(),
  result: Type.Union([Type.Literal('deactivated'), Type.Literal('deleted'), Type.Literal('retired')]),
}, strict);
export type AdminRemoval = Type.Static<typeof AdminRemoval>;
