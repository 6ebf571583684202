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

export const KioskService = Type.Object({
  id: Id,
  prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }),
  name: Localized,
  description: Type.Optional(Localized),
  open: Type.Boolean(),
  waiting: Type.Integer({ minimum: 0 }),
}, strict);
export type KioskService = Type.Static<typeof KioskService>;

export const KioskConfig = Type.Object({
  site: Id,
  siteName: Type.String(),
  kiosk: Id,
  languages: Type.Array(Language, { minItems: 1 }),
  services: Type.Array(KioskService),
}, strict);
export type KioskConfig = Type.Static<typeof KioskConfig>;

export const IssueTicketRequest = Type.Object({
  kiosk: Id,
  service: Id,
  language: LanguageCode,
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
}, strict);
export type Ticket = Type.Static<typeof Ticket>;

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
