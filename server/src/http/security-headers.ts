/**
 * Security headers on every answer (issue 9), and a strict Content-Security-Policy on every
 * HTML page: the apps load only their own scripts, styles, fonts, images and sounds, talk
 * only to their own origin (HTTP and the /mqtt WebSocket), run no inline script, and may not
 * be framed. A page that sets its own policy (the case status page's hashed style) keeps it;
 * the API browser under /docs (Swagger UI's inline bootstrap) is left without one. Images
 * may be data: URIs (the pages' inline SVG favicons): an image runs no script.
 */
import type { FastifyInstance } from 'fastify';

export const APP_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "media-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

export function useSecurityHeaders(app: FastifyInstance, opts: { exempt: (path: string) => boolean }): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !reply.hasHeader('content-security-policy') && !opts.exempt(req.url.split('?')[0] ?? '')) {
      reply.header('content-security-policy', APP_CSP);
    }
    return payload;
  });
}
