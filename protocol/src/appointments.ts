/**
 * Booked visits: reception (or a booking system through the API) books a time for an
 * errand and gives the visitor a six-digit code; at the kiosk the visitor types it and
 * gets a ticket that is called around the booked time. No name, no personal number: the
 * code and the time are all that is kept.
 */
import Type from 'typebox';
import { Id, IsoTime, LanguageCode, Localized, TicketNumber } from './common.js';
import { Ticket } from './http.js';

const strict = { additionalProperties: false } as const;

/** What the visitor types at the kiosk: digits only, so every language's keypad is the same. */
export const AppointmentCode = Type.String({ pattern: '^[0-9]{6}$', description: 'six digits' });

export const AppointmentState = Type.Union([Type.Literal('booked'), Type.Literal('checked_in'), Type.Literal('cancelled')]);
export type AppointmentState = Type.Static<typeof AppointmentState>;

export const AppointmentRequest = Type.Object({
  service: Id,
  startsAt: IsoTime,
  /** The visitor's language, for the ticket and its texts; default Swedish. */
  language: Type.Optional(LanguageCode),
  /** `?site=` is needed only where one server runs several sites. */
  site: Type.Optional(Id),
}, strict);
export type AppointmentRequest = Type.Static<typeof AppointmentRequest>;

export const Appointment = Type.Object({
  id: Type.String(),
  code: AppointmentCode,
  site: Id,
  service: Id,
  serviceName: Localized,
  startsAt: IsoTime,
  language: LanguageCode,
  state: AppointmentState,
  /** From when, and until when, the kiosk checks this visitor in. */
  checkInFrom: IsoTime,
  checkInUntil: IsoTime,
  ticket: Type.Optional(Type.Object({ id: Type.String(), number: TicketNumber }, strict)),
}, strict);
export type Appointment = Type.Static<typeof Appointment>;

export const AppointmentList = Type.Object({ appointments: Type.Array(Appointment) }, strict);
export type AppointmentList = Type.Static<typeof AppointmentList>;

export const AppointmentListQuery = Type.Object({
  day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the site-local day; default today' })),
  site: Type.Optional(Id),
}, strict);
export type AppointmentListQuery = Type.Static<typeof AppointmentListQuery>;

export const CheckInRequest = Type.Object({ code: AppointmentCode, language: LanguageCode }, strict);
export type CheckInRequest = Type.Static<typeof CheckInRequest>;

/**
 * Checked in (with the ticket), or come too early (with when check-in opens). An unknown
 * code is 404 and a missed time 409, as problems. One object rather than a union: the
 * HTTP layer's serializer cannot pick between object shapes reliably.
 */
export const CheckInResponse = Type.Object({
  result: Type.Union([Type.Literal('checked_in'), Type.Literal('too_early')]),
  startsAt: IsoTime,
  /** With too_early: from when the kiosk checks this visitor in. */
  checkInFrom: Type.Optional(IsoTime),
  /** With checked_in. */
  ticket: Type.Optional(Ticket),
}, strict);
export type CheckInResponse = Type.Static<typeof CheckInResponse>;
