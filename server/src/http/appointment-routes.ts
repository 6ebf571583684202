/**
 * Booked visits over HTTP:
 *
 *   POST /api/v1/appointments               reception books a time; answers the code to give the visitor
 *   GET  /api/v1/appointments?day=          the day's bookings (counter staff and reception)
 *   POST /api/v1/appointments/:id/cancel    reception cancels a booking not yet checked in
 *   POST /api/v1/kiosks/:id/check-in        the kiosk: code → ticket, or "come back at"
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import Type from 'typebox';
import {
  Appointment, AppointmentList, AppointmentListQuery, AppointmentRequest, CheckInRequest, CheckInResponse, EmptyRequest, IdParams,
  type AppointmentListQuery as ListQueryT, type AppointmentRequest as BookT, type CheckInRequest as CheckInT, type IdParams as IdParamsT,
} from '@entre/protocol';
import type { AppointmentStore } from '../store/appointment-store.js';

const BODY_LIMIT = 2048;

export function registerAppointmentRoutes(app: FastifyInstance, deps: {
  appointments: AppointmentStore; reception: onRequestHookHandler; staff: onRequestHookHandler;
}): void {
  const { appointments } = deps;

  app.post<{ Body: BookT }>('/api/v1/appointments', {
    onRequest: deps.reception, bodyLimit: BODY_LIMIT,
    schema: { body: AppointmentRequest, response: { 201: Appointment } },
  }, async (req, reply) => {
    const booked = appointments.book(req.body, req.staff ? `staff:${req.staff.username}` : 'staff');
    return reply.code(201).header('location', `/api/v1/appointments/${booked.id}`).send(booked);
  });

  app.get<{ Querystring: ListQueryT }>('/api/v1/appointments', {
    onRequest: deps.staff, schema: { querystring: AppointmentListQuery, response: { 200: AppointmentList } },
  }, async (req) => ({ appointments: appointments.list(req.query.site, req.query.day) }));

  app.get<{ Params: { id: string } }>('/api/v1/appointments/:id', {
    onRequest: deps.staff, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: Appointment } },
  }, async (req) => appointments.get(req.params.id));

  app.post<{ Params: { id: string } }>('/api/v1/appointments/:id/cancel', {
    onRequest: deps.reception, bodyLimit: BODY_LIMIT,
    schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), body: EmptyRequest, response: { 200: Appointment } },
  }, async (req) => appointments.cancel(req.params.id));

  app.post<{ Params: IdParamsT; Body: CheckInT }>('/api/v1/kiosks/:id/check-in', {
    bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: CheckInRequest, response: { 200: CheckInResponse } },
  }, async (req) => appointments.checkIn(req.params.id, req.body.code, req.body.language));
}
