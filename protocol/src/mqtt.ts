/**
 * MQTT payloads (DESIGN §5). Every payload carries `v` (schema version) and `at` (ISO
 * instant). Every consumer validates with these schemas and drops what fails.
 */
import Type from 'typebox';
import { Id, IsoTime, LanguageCode, Localized, TicketNumber } from './common.js';

const header = { v: Type.Literal(1), at: IsoTime };
const strict = { additionalProperties: false } as const;

/** How to find a service point from a zone's display: an arrow and a short hint ("Plan 2, rum 204"). */
export const Wayfinding = Type.Object({
  arrow: Type.Optional(Type.Union([
    Type.Literal('left'), Type.Literal('right'), Type.Literal('up'), Type.Literal('down'),
    Type.Literal('up-left'), Type.Literal('up-right'), Type.Literal('down-left'), Type.Literal('down-right'),
  ])),
  hint: Type.Optional(Localized),
}, strict);
export type Wayfinding = Type.Static<typeof Wayfinding>;

export const CallEvent = Type.Object({
  ...header,
  id: Type.String({ minLength: 1, maxLength: 64, description: 'visit id' }),
  ticket: TicketNumber,
  service: Id,
  servicePoint: Id,
  servicePointName: Localized,
  zones: Type.Array(Id, { maxItems: 16 }),
  recall: Type.Boolean({ description: 'true when the visitor is called again' }),
  wayfinding: Type.Optional(Wayfinding),
  /** The calling staff member's display name; a display shows it only when configured to. */
  staffName: Type.Optional(Type.String({ maxLength: 80 })),
  /** The ticket's language: a display speaks the call in Swedish and then in this one. */
  language: Type.Optional(LanguageCode),
  /** Reception's test call: chime and voice as for a real one, never on the board. */
  test: Type.Optional(Type.Boolean()),
}, strict);
export type CallEvent = Type.Static<typeof CallEvent>;

export const BoardCall = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  ticket: TicketNumber,
  servicePoint: Id,
  servicePointName: Localized,
  calledAt: IsoTime,
  wayfinding: Type.Optional(Wayfinding),
  staffName: Type.Optional(Type.String({ maxLength: 80 })),
}, strict);
export type BoardCall = Type.Static<typeof BoardCall>;

export const BoardQueue = Type.Object({
  service: Id,
  name: Localized,
  waiting: Type.Integer({ minimum: 0 }),
}, strict);

export const Board = Type.Object({
  ...header,
  zone: Id,
  /** Latest first; the first entry is the one the display shows large. */
  calls: Type.Array(BoardCall, { maxItems: 20 }),
  queues: Type.Array(BoardQueue, { maxItems: 64 }),
  /** Reception's messages for this zone that have not expired, newest first. */
  messages: Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }), text: Localized }, strict), { maxItems: 8 }),
}, strict);
export type Board = Type.Static<typeof Board>;

/** How a display lays out its board: a wall screen either way round, or a small sign on a counter. */
export const DisplayLayout = Type.Union([Type.Literal('landscape'), Type.Literal('portrait'), Type.Literal('counter')]);
export type DisplayLayout = Type.Static<typeof DisplayLayout>;

export const DisplayConfig = Type.Object({
  ...header,
  display: Id,
  zone: Id,
  name: Type.String({ maxLength: 100 }),
  languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 24 }),
  chime: Type.Boolean(),
  volume: Type.Number({ minimum: 0, maximum: 1 }),
  layout: DisplayLayout,
  /** Speak the call (Swedish and the ticket's language) where the browser has a voice. */
  speech: Type.Boolean(),
  showStaffName: Type.Boolean(),
}, strict);
export type DisplayConfig = Type.Static<typeof DisplayConfig>;

/** Visitors waiting for one errand in the lobby (the visit channel; phone and chat queues are the console's). */
export const QueueSummary = Type.Object({
  ...header,
  service: Id,
  waiting: Type.Integer({ minimum: 0 }),
  longestWaitSeconds: Type.Integer({ minimum: 0 }),
  /**
   * Changes whenever the errand's line changes on any channel, though the counts may not: a
   * contact joins, leaves or is edited there (reception's order and pins included). Staff
   * consoles re-read the line when it changes; compare for equality only.
   */
  lineTag: Type.Optional(Type.String({ maxLength: 16 })),
}, strict);
export type QueueSummary = Type.Static<typeof QueueSummary>;

/** What the bridge needs to render a ticket; no personal data ever (DESIGN §7). */
export const PrintTicket = Type.Object({
  number: TicketNumber,
  serviceName: Type.String({ maxLength: 120, description: 'in the visitor language' }),
  language: LanguageCode,
  issuedAt: IsoTime,
  timeZone: Type.String({ maxLength: 64, description: 'IANA zone used to print the local time' }),
  waitingAhead: Type.Integer({ minimum: 0 }),
  siteName: Type.String({ maxLength: 120 }),
  url: Type.String({ maxLength: 300, description: 'mobile ticket page, printed as a QR code' }),
  /** Visitor strings already in the ticket language: the bridge has no catalog of its own. */
  labels: Type.Object({
    yourNumber: Type.String({ maxLength: 80 }),
    waitingAhead: Type.String({ maxLength: 80 }),
    followOnPhone: Type.String({ maxLength: 120 }),
  }, strict),
}, strict);
export type PrintTicket = Type.Static<typeof PrintTicket>;

export const PrintJob = Type.Object({
  ...header,
  jobId: Type.String({ minLength: 1, maxLength: 64, description: 'idempotency key: a job printed once is never printed again' }),
  printer: Id,
  ticket: PrintTicket,
}, strict);
export type PrintJob = Type.Static<typeof PrintJob>;

/** Why a job failed; stable codes the console can explain and the server can act on. */
export const PrintFailure = Type.Union([
  Type.Literal('paper_out'), Type.Literal('cover_open'), Type.Literal('offline'),
  Type.Literal('timeout'), Type.Literal('write_failed'), Type.Literal('render_failed'),
]);
export type PrintFailure = Type.Static<typeof PrintFailure>;

export const PrintResult = Type.Object({
  ...header,
  jobId: Type.String({ minLength: 1, maxLength: 64 }),
  printer: Id,
  result: Type.Union([Type.Literal('printed'), Type.Literal('failed')]),
  reason: Type.Optional(PrintFailure),
  /** A technical code beside the reason (e.g. the render error), for facility staff. */
  detail: Type.Optional(Type.String({ maxLength: 200 })),
  /** A printed ticket that lost parts (e.g. text the code page cannot encode) is still printed. */
  warnings: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 16 })),
}, strict);
export type PrintResult = Type.Static<typeof PrintResult>;

export const PaperState = Type.Union([Type.Literal('ok'), Type.Literal('near_end'), Type.Literal('out'), Type.Literal('unknown')]);
export type PaperState = Type.Static<typeof PaperState>;

export const PrinterStatus = Type.Object({
  ...header,
  printer: Id,
  online: Type.Boolean(),
  paper: PaperState,
  coverOpen: Type.Boolean(),
  errors: Type.Array(Type.String({ maxLength: 120 }), { maxItems: 16 }),
}, strict);
export type PrinterStatus = Type.Static<typeof PrinterStatus>;

export const KeypadEvent = Type.Object({
  ...header,
  point: Id,
  button: Type.Union([Type.Literal('next'), Type.Literal('recall'), Type.Literal('noshow'), Type.Literal('finish'), Type.Literal('pause')]),
}, strict);
export type KeypadEvent = Type.Static<typeof KeypadEvent>;

export const Availability = Type.Object({
  ...header,
  device: Id,
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
}, strict);
export type Availability = Type.Static<typeof Availability>;
