/**
 * Reception issues a ticket for a visitor at the desk as the staff member it is: the
 * ticket's event names them, the audit log records it, and it is printed on the printer
 * reception chooses (or not at all), never through a kiosk's anonymous endpoint.
 */
import Type from 'typebox';
import { Id, LanguageCode } from './common.js';
import { PaperState } from './mqtt.js';
import { PriorityReason } from './http.js';

const strict = { additionalProperties: false } as const;

export const ReceptionTicketRequest = Type.Object({
  service: Id,
  language: LanguageCode,
  /** A priority ticket, with the reason for staff (as at the kiosk). */
  priority: Type.Optional(PriorityReason),
  /**
   * A printer of the site to print the ticket on. Without one nothing is printed: the
   * visitor is told the number (the site has no default reception printer setting).
   */
  printer: Type.Optional(Id),
}, strict);
export type ReceptionTicketRequest = Type.Static<typeof ReceptionTicketRequest>;

/** A printer as reception chooses one: where it stands (its kiosks) and whether it can print now. */
export const ReceptionPrinter = Type.Object({
  id: Id,
  name: Type.String(),
  online: Type.Boolean(),
  paper: PaperState,
  coverOpen: Type.Boolean(),
  kiosks: Type.Array(Id),
}, strict);
export type ReceptionPrinter = Type.Static<typeof ReceptionPrinter>;

export const ReceptionPrinterList = Type.Object({ printers: Type.Array(ReceptionPrinter) }, strict);
export type ReceptionPrinterList = Type.Static<typeof ReceptionPrinterList>;
