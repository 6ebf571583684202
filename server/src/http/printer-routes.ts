import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { IdParams, PrinterList, TestPrintResponse, EmptyRequest, type IdParams as IdT } from '@entre/protocol';
import type { PrinterStore } from '../store/printer-store.js';

/** Facility staff's printers: state and recent jobs, and a test print. */
export function registerPrinterRoutes(app: FastifyInstance, deps: { printers: PrinterStore; facility: onRequestHookHandler; site: () => string }): void {
  app.get('/api/v1/printers', { onRequest: deps.facility, schema: { response: { 200: PrinterList } } },
    async () => ({ printers: deps.printers.list(deps.site()) }));

  app.post<{ Params: IdT }>('/api/v1/printers/:id/test-print', {
    onRequest: deps.facility, bodyLimit: 1024, schema: { params: IdParams, body: EmptyRequest, response: { 202: TestPrintResponse } },
  }, async (req, reply) => reply.code(202).send(deps.printers.testPrint(req.params.id)));
}
