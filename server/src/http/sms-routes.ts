import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { SmsRequest, type SmsRequest as SmsRequestT } from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import { normalizePhone } from '../core/phone.js';
import type { SmsStore } from '../store/sms-store.js';
import { TICKET_BODY_LIMIT } from './api-routes.js';

const TicketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The visitor's SMS number for a ticket, beside the other ticket routes: as for cancel and
 * rating, the ticket's unguessable id is the capability; no login, and the number is
 * never answered back.
 */
export function registerSmsRoutes(app: FastifyInstance, deps: {
  sms: SmsStore;
  /** False when the server has no SMS sender: a number nobody would text is not kept. */
  available: boolean;
  /** Told after a change, so the notifier and the ticket's live page look again. */
  changed: () => void;
}): void {
  app.post<{ Params: { id: string }; Body: SmsRequestT }>('/api/v1/tickets/:id/sms', {
    bodyLimit: TICKET_BODY_LIMIT,
    schema: { params: TicketParams, body: SmsRequest, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    if (!deps.available) throw new EntreError('ENTRE_SMS_UNAVAILABLE', 'This service center does not send text messages.');
    const phone = normalizePhone(req.body.phone);
    if (!phone) {
      throw new EntreError('ENTRE_INVALID_PHONE', 'The phone number is not a mobile number we can text.', [
        { path: '/phone', message: 'expected a Swedish mobile number (070 123 45 67) or an international one starting with + (8–15 digits)' },
      ]);
    }
    deps.sms.register(req.params.id, phone);
    deps.changed();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/api/v1/tickets/:id/sms', {
    schema: { params: TicketParams, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    deps.sms.forget(req.params.id);
    deps.changed();
    return reply.code(204).send();
  });
}
