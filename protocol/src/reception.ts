/**
 * Reception's view of every queue (DESIGN §4: reception can move, reorder, transfer and
 * pin): the waiting contacts of each errand in the order the line stands, lean enough to
 * poll every few seconds.
 */
import Type from 'typebox';
import { Id, IsoTime, LanguageCode, Localized, TicketNumber } from './common.js';
import { Channel, PriorityClass } from './contacts.js';
import { Language, PriorityReason } from './http.js';

const strict = { additionalProperties: false } as const;

/** One waiting contact as reception sees it; act on it through `/api/v1/contacts/:id/…`. */
export const ReceptionContact = Type.Object({
  id: Type.String(),
  channel: Channel,
  /** Visits have a ticket number; phone, chat and e-mail contacts have none. */
  number: Type.Optional(TicketNumber),
  language: LanguageCode,
  priority: PriorityClass,
  /** Why a priority ticket was asked for at the kiosk. */
  priorityReason: Type.Optional(PriorityReason),
  /** A booked visitor: the booked time. */
  appointmentAt: Type.Optional(IsoTime),
  issuedAt: IsoTime,
  /** The place in line (kept across a transfer unless reception said otherwise). */
  queuedAt: IsoTime,
  pinnedAgent: Type.Optional(Id),
  pinnedServicePoint: Type.Optional(Id),
  /** Reception's manual order within this errand's line: lower first, before every unranked contact. */
  rank: Type.Optional(Type.Integer()),
  /** The contact's version: send it back with a reorder, which is refused if it changed meanwhile. */
  version: Type.Integer({ minimum: 0 }),
}, strict);
export type ReceptionContact = Type.Static<typeof ReceptionContact>;

export const ReceptionQueue = Type.Object({
  service: Id,
  prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }),
  name: Localized,
  open: Type.Boolean(),
  /**
   * Waiting contacts, first in line first, as call next takes this line (no agent in
   * particular): rank, then priority and appointments within their window, then place.
   */
  waiting: Type.Array(ReceptionContact),
  /** How many wait in all (`waiting` stops at the first 200). */
  total: Type.Integer({ minimum: 0 }),
}, strict);
export type ReceptionQueue = Type.Static<typeof ReceptionQueue>;

export const ReceptionQueues = Type.Object({
  site: Id,
  /** The server's clock when this was read, so wait times do not depend on the desk's clock. */
  at: IsoTime,
  queues: Type.Array(ReceptionQueue),
  /** The languages a ticket may be issued in at this site, in the kiosk's order. */
  languages: Type.Array(Language),
}, strict);
export type ReceptionQueues = Type.Static<typeof ReceptionQueues>;

export const ReceptionQueueParams = Type.Object({ service: Id }, strict);
export type ReceptionQueueParams = Type.Static<typeof ReceptionQueueParams>;

/**
 * `POST /api/v1/reception/queues/{service}/order`: the front of one errand's line in the
 * order reception wants it, each contact with the `version` reception saw. The listed
 * contacts get ranks 0, 1, 2 … in this order, in one transaction; if any of them changed
 * meanwhile (or left the line), or another contact was ranked into this front since, the
 * answer is 409 naming it and nothing is written.
 */
export const ReorderRequest = Type.Object({
  order: Type.Array(Type.Object({
    id: Type.String({ minLength: 1, maxLength: 64 }),
    version: Type.Integer({ minimum: 0 }),
  }, strict), { minItems: 1, maxItems: 200 }),
}, strict);
export type ReorderRequest = Type.Static<typeof ReorderRequest>;
