import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LobbyStore } from '../store/lobby-store.js';

export const APPS = ['kiosk', 'display', 'console'] as const;

/** Serves the built apps, the index page and the mobile ticket page. */
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

  // The page a ticket's QR code opens: the mobile ticket app (kiosk/mobile.html), which
  // reads the id from the path. No login, no personal data; an unknown id is its own page.
  const mobile = join(appsDir, 'kiosk', 'dist', 'mobile.html');
  app.get<{ Params: { id: string } }>('/t/:id', async (req, reply) => {
    if (!existsSync(mobile)) return reply.code(503).type('text/plain; charset=utf-8').send('The mobile ticket page is not built; run npm run build.');
    const known = (() => { try { store.getTicket(req.params.id.slice(0, 64)); return true; } catch { return false; } })();
    return reply.code(known ? 200 : 404).type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer').send(readFileSync(mobile));
  });
}
