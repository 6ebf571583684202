/**
 * Cross-site request forgery (issue 9): a change (POST, PUT, PATCH, DELETE) that carries
 * the staff session cookie must come from this server's own pages.
 *
 * The cookie is SameSite=Strict, so a current browser does not send it on a request another
 * site's page starts; this hook is defence in depth behind that (an old browser, a sibling
 * subdomain or port, which counts as the same *site*). It refuses with 403 ENTRE_CSRF when
 * - `Sec-Fetch-Site` is `cross-site` or `same-site` (the browser's own verdict), or
 * - `Origin` (or, without it, `Referer`) names another origin than this server's.
 *
 * "This server" is the host the request was sent to (its Host header) or the configured
 * public URL's host, compared as host:port without the scheme: behind a TLS proxy the page
 * is https:// while this server sees plain http (we trust no proxy headers), and a page
 * on the same host and port is this server's own anyway.
 *
 * The Host header is the browser's, not the attacker's page's: a page cannot set it, and a
 * rebound DNS name that reaches us under a foreign host carries no cookie of ours.
 *
 * Neither `Origin`, `Referer` nor `Sec-Fetch-Site`: allowed. Browsers send `Origin` on
 * every cross-origin POST/PUT/PATCH/DELETE, so such a request comes from a non-browser
 * client (curl, the admin CLI, our tests) that holds the cookie itself: no forgery is
 * possible there, and refusing would only break scripts.
 *
 * The enrolled kiosk's or display's cookie counts the same: a forged page must not take
 * tickets in a kiosk's name.
 *
 * Requests without either cookie are not looked at: without it they act as nobody,
 * and kiosks and phones (no cookie) are not our business here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EntreError } from '../core/errors.js';
import { readCookie, SESSION_COOKIE } from '../auth/plugin.js';
import { DEVICE_COOKIE } from './device-auth.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** host:port of an absolute http(s) URL, lower case, default port left out; null when it is none. */
function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * The Host header as URL.host writes it, read as http and as https: we do not know which
 * scheme the browser used (a TLS proxy), and either drops its own default port.
 */
function requestHosts(req: FastifyRequest): string[] {
  const raw = req.headers.host;
  if (!raw) return [];
  return [hostOf(`http://${raw}`), hostOf(`https://${raw}`)].filter((h): h is string => h !== null);
}

/** Why this request looks forged, or null when it does not. Exported for tests of the rule. */
export function forgeryReason(req: FastifyRequest, publicUrl: () => string | undefined): string | null {
  if (!UNSAFE.has(req.method)) return null;
  if (readCookie(req.headers.cookie, SESSION_COOKIE) === null && readCookie(req.headers.cookie, DEVICE_COOKIE) === null) return null;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return `Sec-Fetch-Site: ${fetchSite}`;
  const origin = req.headers.origin ?? (typeof req.headers.referer === 'string' ? req.headers.referer : undefined);
  if (origin === undefined) return null;
  const from = hostOf(origin); // "null" (a sandboxed frame, a privacy redirect) is no host: refused
  if (from === null) return `origin ${origin}`;
  const own = new Set(requestHosts(req));
  const configured = publicUrl();
  const publicHost = configured ? hostOf(configured) : null;
  if (publicHost) own.add(publicHost);
  return own.has(from) ? null : `origin ${origin}`;
}

/** Call on the root instance before any route is registered (right after the security headers). */
export function useCsrfProtection(app: FastifyInstance, opts: { publicUrl: () => string | undefined }): void {
  app.addHook('onRequest', async (req) => {
    const reason = forgeryReason(req, opts.publicUrl);
    if (reason === null) return;
    req.log.warn({ method: req.method, url: req.url.split('?')[0], reason }, 'refused a cross-site change carrying the staff cookie');
    throw new EntreError('ENTRE_CSRF',
      'This change was sent from another site\'s page, so it was refused. Open the console from this server\'s own address and try again.');
  });
}
