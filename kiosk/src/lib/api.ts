import {
  lightChecker, CheckInResponse, KioskConfig, KioskDiagnostics, NoContent, TestPrintResponse, Ticket, type IssueTicketRequest,
} from '@entre/protocol';
import type { Http } from '@entre/web-common/http';
import { enrolDevice, type EnrolOutcome } from '@entre/web-common/enrolment';

const checkConfig = lightChecker(KioskConfig);
const checkTicket = lightChecker(Ticket);
const checkNoContent = lightChecker(NoContent);
const checkCheckIn = lightChecker(CheckInResponse);
const checkDiagnostics = lightChecker(KioskDiagnostics);
const checkJob = lightChecker(TestPrintResponse);

/** The endpoints the kiosk uses, typed and validated by the protocol's schemas. */
export interface KioskApi {
  config(kiosk: string): Promise<KioskConfig>;
  /** The same idempotency key on a retry returns the same ticket instead of a second one. */
  issueTicket(request: IssueTicketRequest, idempotencyKey: string): Promise<Ticket>;
  ticket(id: string): Promise<Ticket>;
  /** Leaves a mobile number for SMS notices on this ticket (204: nothing comes back). */
  saveSms(ticketId: string, phone: string): Promise<void>;
  /** A booked visitor's code: a ticket, or when to come back. */
  checkIn(kiosk: string, code: string, language: string): Promise<CheckInResponse>;
  /** The staff screen's PIN: the kiosk's facts, or 403/429. */
  unlock(kiosk: string, pin: string): Promise<KioskDiagnostics>;
  testPrint(kiosk: string, pin: string): Promise<TestPrintResponse>;
  /** "Still here": facility sees the kiosk online while these keep coming. */
  heartbeat(kiosk: string): Promise<void>;
  /** Trades an admin's one-time code for this kiosk's secret (an HttpOnly cookie); never throws. */
  enrol(kiosk: string, code: string): Promise<EnrolOutcome>;
}

export function createKioskApi(http: Http): KioskApi {
  return {
    config: (kiosk) => http.get(`/kiosks/${encodeURIComponent(kiosk)}/config`, checkConfig),
    issueTicket: (request, idempotencyKey) => http.post('/tickets', request, checkTicket, { 'idempotency-key': idempotencyKey }),
    ticket: (id) => http.get(`/tickets/${encodeURIComponent(id)}`, checkTicket),
    saveSms: (ticketId, phone) => http.post(`/tickets/${encodeURIComponent(ticketId)}/sms`, { phone }, checkNoContent),
    checkIn: (kiosk, code, language) => http.post(`/kiosks/${encodeURIComponent(kiosk)}/check-in`, { code, language }, checkCheckIn),
    unlock: (kiosk, pin) => http.post(`/kiosks/${encodeURIComponent(kiosk)}/unlock`, { pin }, checkDiagnostics),
    testPrint: (kiosk, pin) => http.post(`/kiosks/${encodeURIComponent(kiosk)}/test-print`, { pin }, checkJob),
    heartbeat: (kiosk) => http.post(`/kiosks/${encodeURIComponent(kiosk)}/heartbeat`, {}, checkNoContent),
    enrol: (kiosk, code) => enrolDevice(http, code, { kind: 'kiosk', id: kiosk }),
  };
}
