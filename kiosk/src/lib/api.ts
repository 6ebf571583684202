import { lightChecker, KioskConfig, Ticket, type IssueTicketRequest } from '@entre/protocol';
import type { Http } from '@entre/web-common/http';

const checkConfig = lightChecker(KioskConfig);
const checkTicket = lightChecker(Ticket);

/** The endpoints the kiosk uses, typed and validated by the protocol's schemas. */
export interface KioskApi {
  config(kiosk: string): Promise<KioskConfig>;
  /** The same idempotency key on a retry returns the same ticket instead of a second one. */
  issueTicket(request: IssueTicketRequest, idempotencyKey: string): Promise<Ticket>;
  ticket(id: string): Promise<Ticket>;
}

export function createKioskApi(http: Http): KioskApi {
  return {
    config: (kiosk) => http.get(`/kiosks/${encodeURIComponent(kiosk)}/config`, checkConfig),
    issueTicket: (request, idempotencyKey) => http.post('/tickets', request, checkTicket, { 'idempotency-key': idempotencyKey }),
    ticket: (id) => http.get(`/tickets/${encodeURIComponent(id)}`, checkTicket),
  };
}
