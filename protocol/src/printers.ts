/** The facility view of printers: their state, their recent jobs, a test print. */
import Type from 'typebox';
import { Id, IsoTime, TicketNumber } from './common.js';
import { PaperState } from './mqtt.js';

const strict = { additionalProperties: false } as const;

export const PrinterJob = Type.Object({
  jobId: Type.String(),
  ticket: Type.Optional(TicketNumber),
  state: Type.Union([Type.Literal('queued'), Type.Literal('printed'), Type.Literal('failed')]),
  reason: Type.Optional(Type.String()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
}, strict);
export type PrinterJob = Type.Static<typeof PrinterJob>;

export const PrinterView = Type.Object({
  id: Id,
  name: Type.String(),
  online: Type.Boolean(),
  paper: PaperState,
  coverOpen: Type.Boolean(),
  errors: Type.Array(Type.String()),
  statusAt: Type.Optional(IsoTime),
  /** Someone should go to it: paper near its end or out, cover open, offline, errors. */
  attention: Type.Boolean(),
  kiosks: Type.Array(Id),
  today: Type.Object({ printed: Type.Integer(), failed: Type.Integer(), queued: Type.Integer() }, strict),
  recentJobs: Type.Array(PrinterJob),
}, strict);
export type PrinterView = Type.Static<typeof PrinterView>;

export const PrinterList = Type.Object({ printers: Type.Array(PrinterView) }, strict);
export type PrinterList = Type.Static<typeof PrinterList>;

export const TestPrintResponse = Type.Object({ jobId: Type.String(), printer: Id }, strict);
export type TestPrintResponse = Type.Static<typeof TestPrintResponse>;

