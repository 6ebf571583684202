import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pick, t } from '@entre/protocol';
import type { LobbyStore } from '../store/lobby-store.js';

export const APPS = ['kiosk', 'display', 'console'] as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Serves the built apps and the two small server-rendered pages (index, mobile ticket). */
export async function registerAppRoutes(app: FastifyInstance, store: LobbyStore, appsDir: string): Promise<void> {
  let first = true;
  for (const name of APPS) {
    const root = join(appsDir, name, 'dist');
    if (!existsSync(root)) {
      app.log.warn({ app: name, root }, 'app not built; run npm run build');
      continue;
    }
    await app.register(fastifyStatic, { root, prefix: `/${name}/`, decorateReply: first, index: ['index.html'], redirect: true });
    first = false;
  }

  app.get('/', async (_req, reply) => {
    const links = APPS.map((a) => `<li><a href="/${a}/">${a}</a></li>`).join('');
    return reply.type('text/html; charset=utf-8').send(
      `<!doctype html><html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>Entré</title><h1>Entré</h1><ul>${links}</ul></html>`);
  });

  // The page a ticket's QR code opens: the visitor's number and place, no login, no personal data.
  app.get<{ Params: { id: string } }>('/t/:id', async (req, reply) => {
    let body: string;
    let lang = 'sv';
    try {
      const ticket = store.getTicket(req.params.id.slice(0, 64));
      lang = ticket.language;
      const where = ticket.servicePointName
        ? `<p class="call">${escape(t(lang, 'display.goTo'))} ${escape(pick(ticket.servicePointName, lang))}</p>` : '';
      body = `<h1>${escape(t(lang, 'kiosk.yourNumber'))}</h1><p class="number">${escape(ticket.number)}</p>` +
        `<p>${escape(pick(ticket.serviceName, lang))}</p>` +
        (ticket.state === 'waiting' ? `<p>${escape(t(lang, 'kiosk.waitingAhead', { n: ticket.waitingAhead }))}</p>` : where);
    } catch {
      reply.code(404);
      body = `<h1>${escape(t(lang, 'kiosk.error'))}</h1>`;
    }
    return reply.type('text/html; charset=utf-8').send(
      `<!doctype html><html lang="${escape(lang)}"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<meta http-equiv="refresh" content="15"><title>Entré</title>` +
      `<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}.number{font-size:4rem;font-weight:700;margin:0}</style>` +
      `<main>${body}</main></html>`);
  });
}
