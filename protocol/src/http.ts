/** HTTP bodies (`/api/v1`). The server's routes validate with these; the apps type with them. */
import Type from 'typebox';
import { Id, IsoTime, LanguageCode, Localized, TicketNumber } from './common.js';

const strict = { additionalProperties: false } as const;

/** RFC 9457 problem details; `code` is our stable error code (e.g. ENTRE_UNKNOWN_SERVICE). */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  code: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});
export type Problem = Type.Static<typeof Problem>;

export const Language = Type.Object({
  code: LanguageCode,
  name: Type.String({ description: 'native name, e.g. "Svenska", "العربية"' }),
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
}, strict);
export type Language = Type.Static<typeof Language>;

/** The pictogram beside an errand or group; the kiosk ships these, the site picks by name. */
export const ErrandIcon = Type.Union([
  Type.Literal('info'), Type.Literal('house'), Type.Literal('car'), Type.Literal('school'), Type.Literal('people'), Type.Literal('elder'),
  Type.Literal('wallet'), Type.Literal('help'), Type.Literal('calendar'), Type.Literal('document'), Type.Literal('sign-language'),
]);
export type ErrandIcon = Type.Static<typeof ErrandIcon>;

/** One follow-up question an errand may ask before issuing; each answer names the queue. */
export const ErrandQuestion = Type.Object({
  text: Localized,
  options: Type.Array(Type.Object({ id: Id, text: Localized, service: Id }, strict), { minItems: 2, maxItems: 6 }),
}, strict);
export type ErrandQuestion = Type.Static<typeof ErrandQuestion>;

export const KioskService = Type.Object({
  id: Id,
  prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }),
  name: Localized,
  description: Type.Optional(Localized),
  /** The answer group it belongs to (see KioskConfig.groups). */
  group: Id,
  icon: ErrandIcon,
  open: Type.Boolean(),
  /** When a closed errand opens next (within a week), for "Opens at 13:00". */
  opensAt: Type.Optional(IsoTime),
  waiting: Type.Integer({ minimum: 0 }),
  /** Expected wait for a ticket taken now, in whole minutes; absent when nobody serves it yet. */
  estimateMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
  question: Type.Optional(ErrandQuestion),
}, strict);
export type KioskService = Type.Static<typeof KioskService>;

export const KioskGroup = Type.Object({ id: Id, name: Localized, icon: ErrandIcon }, strict);
export type KioskGroup = Type.Static<typeof KioskGroup>;

/**
 * A kiosk says "still here" this often (`POST /api/v1/kiosks/:id/heartbeat`); the server
 * reports it offline after two and a half intervals without one.
 */
export const KIOSK_HEARTBEAT_SECONDS = 30;

/** How a kiosk behaves; set per kiosk by staff, never by visitors. */
export const KioskSettings = Type.Object({
  /** Back to start after this long without a touch; a warning shows `warnSeconds` before. */
  idleSeconds: Type.Integer({ minimum: 10, maximum: 600 }),
  warnSeconds: Type.Integer({ minimum: 3, maximum: 60 }),
  /** How long the ticket stays on screen before the kiosk returns to start. */
  ticketSeconds: Type.Integer({ minimum: 5, maximum: 120 }),
  /** Offer "need help or priority?" (issues priority tickets). */
  priorityHelp: Type.Boolean(),
  /** The errand a priority ticket is queued for (first line). */
  priorityService: Type.Optional(Id),
  /**
   * No-touch mode for a single-errand lobby: the start screen asks for the button, and a
   * hardware button (any key: a USB button, a keypad, an NFC reader typing) issues this
   * errand's ticket in the site's first language.
   */
  noTouchService: Type.Optional(Id),
  /** Where a sign-language visitor gets a video interpreter/contact, shown as a QR and link. */
  signLanguageUrl: Type.Optional(Type.String({ maxLength: 500 })),
  /**
   * Offer "text me when it is almost my turn" on the ticket screen. In a kiosk's config it
   * is true only when the server has an SMS sender; staff may set false to hide the offer
   * on one kiosk.
   */
  sms: Type.Optional(Type.Boolean()),
  /** How many places from the front the "soon" text goes out; set by the server (ENTRE_SMS_AHEAD), ignored when sent. */
  smsAhead: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
}, strict);
export type KioskSettings = Type.Static<typeof KioskSettings>;

export const KioskConfig = Type.Object({
  site: Id,
  siteName: Type.String(),
  kiosk: Id,
  timeZone: Type.String(),
  languages: Type.Array(Language, { minItems: 1 }),
  groups: Type.Array(KioskGroup),
  services: Type.Array(KioskService),
  settings: KioskSettings,
}, strict);
export type KioskConfig = Type.Static<typeof KioskConfig>;

/** Why a visitor asked for priority at the kiosk. */
export const PriorityReason = Type.Union([Type.Literal('accessibility'), Type.Literal('interpreter'), Type.Literal('staff')]);
export type PriorityReason = Type.Static<typeof PriorityReason>;

export const IssueTicketRequest = Type.Object({
  kiosk: Id,
  service: Id,
  language: LanguageCode,
  /** The answer to the errand's follow-up question; its option decides the queue. */
  option: Type.Optional(Id),
  /** The "need help / priority" path: a priority ticket, with the reason for staff. */
  priority: Type.Optional(PriorityReason),
}, strict);
export type IssueTicketRequest = Type.Static<typeof IssueTicketRequest>;

export const PrintState = Type.Union([
  Type.Literal('queued'), Type.Literal('printed'), Type.Literal('failed'), Type.Literal('none'),
]);
export type PrintState = Type.Static<typeof PrintState>;

export const VisitState = Type.Union([
  Type.Literal('waiting'), Type.Literal('called'), Type.Literal('serving'), Type.Literal('parked'),
  Type.Literal('done'), Type.Literal('no_show'), Type.Literal('cancelled'),
]);
export type VisitState = Type.Static<typeof VisitState>;

export const Ticket = Type.Object({
  id: Type.String(),
  number: TicketNumber,
  service: Id,
  serviceName: Localized,
  language: LanguageCode,
  issuedAt: IsoTime,
  serviceDay: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  state: VisitState,
  waitingAhead: Type.Integer({ minimum: 0 }),
  servicePoint: Type.Optional(Id),
  servicePointName: Type.Optional(Localized),
  print: Type.Object({ jobId: Type.Optional(Type.String()), printer: Type.Optional(Id), state: PrintState, reason: Type.Optional(Type.String()) }, strict),
  url: Type.String({ description: 'mobile ticket page' }),
  /** Expected wait from now while waiting, in whole minutes; absent when it cannot be estimated. */
  estimateMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
  priority: Type.Optional(PriorityReason),
  /** Times the visitor has been called again (recall), so a page can alert once per call. */
  recalls: Type.Integer({ minimum: 0 }),
  /** The case's public tracking code once staff opened or attached one. */
  caseTrackingCode: Type.Optional(Type.String()),
  /** The visitor's 1–5 answer after the visit, once given. */
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  /** A phone number is registered for SMS notices. The number itself is never sent back. */
  sms: Type.Boolean(),
}, strict);
export type Ticket = Type.Static<typeof Ticket>;

/**
 * A visitor's mobile number for "soon your turn" and "called" texts: Swedish mobile
 * (070 123 45 67, +46 70…, 0046 70…) or international E.164 (+ and 8–15 digits); spaces
 * and dashes are fine. Kept only until the visit ends.
 */
export const SmsRequest = Type.Object({ phone: Type.String({ minLength: 1, maxLength: 40 }) }, strict);
export type SmsRequest = Type.Static<typeof SmsRequest>;

export const RatingRequest = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }) }, strict);
export type RatingRequest = Type.Static<typeof RatingRequest>;

export const ServicePoint = Type.Object({
  id: Id,
  name: Localized,
  zones: Type.Array(Id),
  services: Type.Array(Id),
  current: Type.Optional(Type.Object({ id: Type.String(), number: TicketNumber, state: VisitState, service: Id, serviceName: Localized }, strict)),
}, strict);
export type ServicePoint = Type.Static<typeof ServicePoint>;

export const ServicePointList = Type.Object({ servicePoints: Type.Array(ServicePoint) }, strict);
export type ServicePointList = Type.Static<typeof ServicePointList>;

export const CallNextResponse = Type.Object({
  called: Type.Union([
    Type.Object({ id: Type.String(), number: TicketNumber, service: Id, serviceName: Localized, servicePoint: Id, calledAt: IsoTime }, strict),
    Type.Null(),
  ]),
  waiting: Type.Integer({ minimum: 0, description: 'still waiting for this service point after the call' }),
  /** Why this visitor (or why none): the routing rule that decided, for the counter to see. */
  why: Type.Optional(Type.Object({ sv: Type.String(), en: Type.String() }, strict)),
}, strict);
export type CallNextResponse = Type.Static<typeof CallNextResponse>;

export const DisplayBootstrap = Type.Object({
  site: Id,
  display: Id,
  zone: Id,
  mqtt: Type.Object({ path: Type.String(), username: Type.Optional(Type.String()) }, strict),
}, strict);
export type DisplayBootstrap = Type.Static<typeof DisplayBootstrap>;

export const IdParams = Type.Object({ id: Id }, strict);
export type IdParams = Type.Static<typeof IdParams>;
