/**
 * The kiosk's staff screen:
 *
 *   PUT  /api/v1/admin/kiosks/:id/pin        an admin sets the PIN (204)
 *   POST /api/v1/kiosks/:id/unlock           the kiosk's PIN pad → the staff screen's facts
 *   POST /api/v1/kiosks/:id/test-print       with the PIN: a test ticket on the kiosk's printer
 */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { IdParams, KioskDiagnostics, KioskPinRequest, TestPrintResponse, type IdParams as IdParamsT, type KioskPinRequest as PinT } from '@entre/protocol';
import type { KioskPinStore } from '../store/kiosk-pin-store.js';
import type { PrinterStore } from '../store/printer-store.js';
import { EntreError } from '../core/errors.js';

const BODY_LIMIT = 1024;

export function registerKioskAdminRoutes(app: FastifyInstance, deps: { pins: KioskPinStore; printers: PrinterStore; admin: onRequestHookHandler }): void {
  const { pins, printers } = deps;

  app.put<{ Params: IdParamsT; Body: PinT }>('/api/v1/admin/kiosks/:id/pin', {
    onRequest: deps.admin, bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: KioskPinRequest },
  }, async (req, reply) => {
    await pins.setPin(req.params.id, req.body.pin);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParamsT; Body: PinT }>('/api/v1/kiosks/:id/unlock', {
    bodyLimit: BODY_LIMIT, schema: { params: IdParams, body: KioskPinRequest, response: { 200: KioskDiagnostics } },
  }, async (req) => pins.unlock(req.params.id, req.body.pin));

  app.post<{ Params: IdParamsT; Body: PinT }>('/api/v1/kiosks/:id/test-print', {
    bodyLimit: BODY_LIMIT,
    schema: { params: IdParams, body: KioskPinRequest, response: { 200: TestPrintResponse } },
  }, async (req) => {
    await pins.unlock(req.params.id, req.body.pin);
    const printer = pins.printerOf(req.params.id);
    if (!printer) throw new EntreError('ENTRE_NOT_FOUND', 'This kiosk has no printer.');
    return printers.testPrint(printer);
  });
}
