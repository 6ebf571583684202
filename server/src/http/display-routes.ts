/**
 * Reception and the displays:
 *
 *   POST   /api/v1/zones/:zone/messages      a message on that zone's displays until it expires
 *   GET    /api/v1/messages                  the messages showing now
 *   DELETE /api/v1/messages/:id              take one down early
 *   GET    /api/v1/displays                  every display with its zone, layout and sound
 *   PUT    /api/v1/displays/:id/settings     zone, layout, volume, chime, voice, staff name
 *   POST   /api/v1/displays/:id/test-call    chime and voice on that display's zone, nothing on the board
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import Type from 'typebox';
import {
  CallEvent, DisplaySettingsRequest, DisplayStatus, DisplayStatusList, EmptyRequest, IdParams, ZoneMessage, ZoneMessageList, ZoneMessageRequest,
  type DisplaySettingsRequest as SettingsT, type IdParams as IdParamsT, type ZoneMessageRequest as MessageT,
} from '@entre/protocol';
import type { DisplayStore } from '../store/display-store.js';
import { actorOf } from '../auth/plugin.js';

const BODY_LIMIT = 8 * 1024;
const ZoneParams = Type.Object({ zone: IdParams.properties.id }, { additionalProperties: false });
const MessageParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export function registerDisplayRoutes(app: FastifyInstance, deps: {
  displays: DisplayStore; reception: onRequestHookHandler; readers: onRequestHookHandler; onChange: () => void;
}): void {
  const { displays } = deps;

  app.post<{ Params: { zone: string }; Body: MessageT }>('/api/v1/zones/:zone/messages', {
    onRequest: deps.reception, bodyLimit: BODY_LIMIT,
    schema: { params: ZoneParams, body: ZoneMessageRequest, response: { 201: ZoneMessage } },
  }, async (req, reply) => {
    const message = displays.post(req.params.zone, req.body.text, req.body.minutes,
      { ...actorOf(req), name: req.staff ? `staff:${req.staff.username}` : 'staff' });
    deps.onChange();
    return reply.code(201).send(message);
  });

  app.get('/api/v1/messages', { onRequest: deps.readers, schema: { response: { 200: ZoneMessageList } } },
    async () => ({ messages: displays.live() }));

  app.delete<{ Params: { id: string } }>('/api/v1/messages/:id', { onRequest: deps.reception, schema: { params: MessageParams } }, async (req, reply) => {
    displays.remove(req.params.id, actorOf(req));
    deps.onChange();
    return reply.code(204).send();
  });

  app.get('/api/v1/displays', { onRequest: deps.readers, schema: { response: { 200: DisplayStatusList } } },
    async () => ({ displays: displays.displays() }));

  app.put<{ Params: IdParamsT; Body: SettingsT }>('/api/v1/displays/:id/settings', {
    onRequest: deps.reception, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: DisplaySettingsRequest, response: { 200: DisplayStatus } },
  }, async (req) => displays.settings(req.params.id, req.body, actorOf(req)));

  app.post<{ Params: IdParamsT }>('/api/v1/displays/:id/test-call', {
    onRequest: deps.reception, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: EmptyRequest, response: { 202: CallEvent } },
  }, async (req, reply) => reply.code(202).send(displays.testCall(req.params.id, actorOf(req))));
}
