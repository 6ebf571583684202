import { checker, KioskConfig, Ticket, type IssueTicketRequest } from '@entre/protocol';
import type { Http } from '@entre/web-common/http';

const checkConfig = checker(KioskConfig);
const checkTicket = checker(Ticket);

/** The endpoints the kiosk uses, typed and validated by the protocol's schemas. */
export interface KioskApi {
  config(kiosk: string): Promise<KioskConfig>;
  issueTicket(request: IssueTicketRequest): Promise<Ticket>;
  ticket(id: string): Promise<Ticket>;
}

export function createKioskApi(http: Http): KioskApi {
  return {
    config: (kiosk) => http.get(`/kiosks/${encodeURIComponent(kiosk)}/config`, checkConfig),
    issueTicket: (request) => http.post('/tickets', request, checkTicket),
    ticket: (id) => http.get(`/tickets/${encodeURIComponent(id)}`, checkTicket),
  };
}
