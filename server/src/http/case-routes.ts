import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, preHandlerHookHandler } from 'fastify';
import { createHash } from 'node:crypto';
import Type from 'typebox';
import {
  AttachCaseContactRequest, CaseCodeParams, CaseDetail, CaseIdParams, CaseTransitionRequest, CreateCaseRequest, PublicCase,
  caseText, pick,
  type AttachCaseContactRequest as AttachCaseContactRequestT, type CaseCodeParams as CaseCodeParamsT,
  type CaseIdParams as CaseIdParamsT, type CaseTextKey, type CaseTransitionRequest as CaseTransitionRequestT,
  type CreateCaseRequest as CreateCaseRequestT, type PublicCase as PublicCaseT,
} from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import { format, normalize } from '../core/cases/tracking-code.js';
import type { CaseStore } from '../store/case-store.js';

/**
 * Who may use the staff endpoints and who they are. Injected so this file does not depend
 * on how sign-in works: `staff` rejects a request without the right role, `actor` names
 * the signed-in staff member for the case history.
 */
export interface CaseGuard {
  staff: preHandlerHookHandler | preHandlerAsyncHookHandler;
  actor(req: FastifyRequest): string;
}

/** A summary is at most 2000 characters, up to 4 bytes each in UTF-8; the rest is small. */
export const CASE_BODY_LIMIT = 16 * 1024;

const PageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  code: Type.Optional(Type.String({ maxLength: 64 })),
});
type PageQueryT = Type.Static<typeof PageQuery>;

/** One answer for "bad check character" and "no such code": the two must look the same. */
const NOT_FOUND = 'No case has that code. Check the code and try again.';

/**
 * The public answers are for one person's eyes: no caching on the way, no code leaking in a
 * Referer header to a linked site, no search engine indexing a code it came across.
 */
function privateHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
}

export function registerCaseRoutes(app: FastifyInstance, { cases, guard }: { cases: CaseStore; guard: CaseGuard }): void {
  const staff = { preHandler: guard.staff, bodyLimit: CASE_BODY_LIMIT };

  app.post<{ Body: CreateCaseRequestT }>('/api/v1/cases', {
    ...staff,
    schema: { body: CreateCaseRequest, response: { 201: CaseDetail } },
  }, async (req, reply) => {
    const { site, service, summary, contact } = req.body;
    const created = cases.createCase({ site, service, summary, contactId: contact, actor: guard.actor(req) });
    return reply.code(201).header('location', `/api/v1/cases/${encodeURIComponent(created.id)}`).send(created);
  });

  app.get<{ Params: CaseIdParamsT }>('/api/v1/cases/:id', {
    preHandler: guard.staff,
    schema: { params: CaseIdParams, response: { 200: CaseDetail } },
  }, async (req) => cases.get(req.params.id));

  app.post<{ Params: CaseIdParamsT; Body: AttachCaseContactRequestT }>('/api/v1/cases/:id/contacts', {
    ...staff,
    schema: { params: CaseIdParams, body: AttachCaseContactRequest, response: { 200: CaseDetail } },
  }, async (req) => cases.attachContact(req.params.id, req.body.contact, guard.actor(req)));

  app.post<{ Params: CaseIdParamsT; Body: CaseTransitionRequestT }>('/api/v1/cases/:id/transitions', {
    ...staff,
    schema: { params: CaseIdParams, body: CaseTransitionRequest, response: { 200: CaseDetail } },
  }, async (req) => {
    const { action, reason, answerGroup } = req.body;
    return cases.transition(req.params.id, action, { actor: guard.actor(req), reason, answerGroup });
  });

  // Public, no login. The response schema is also a filter: the serializer drops any
  // property PublicCase does not name, so the summary could not slip out even by mistake.
  app.get<{ Params: CaseCodeParamsT }>('/api/v1/public/cases/:code', {
    schema: { params: CaseCodeParams, response: { 200: PublicCase } },
  }, async (req, reply) => {
    privateHeaders(reply);
    const view = cases.findByTrackingCode(req.params.code);
    if (!view) throw new EntreError('ENTRE_UNKNOWN_CASE', NOT_FOUND);
    return view;
  });

  // The page a receipt's QR code or a text message opens. `?code=` comes from the page's
  // own form (no JavaScript), and is redirected to the canonical address.
  app.get<{ Querystring: PageQueryT }>('/c', { schema: { querystring: PageQuery } }, async (req, reply) => {
    const lang = pageLanguage(req.query.lang);
    const typed = req.query.code?.trim();
    if (typed) {
      const canonical = normalize(typed);
      const target = canonical ? format(canonical) : typed;
      return reply.redirect(`/c/${encodeURIComponent(target)}${lang === 'en' ? '?lang=en' : ''}`, 303);
    }
    return sendPage(privateHeaders(reply), 200, renderCasePage({ lang, view: null, typed: '', path: '/c' }));
  });

  app.get<{ Params: CaseCodeParamsT; Querystring: PageQueryT }>('/c/:code', {
    schema: { params: CaseCodeParams, querystring: PageQuery },
  }, async (req, reply) => {
    const lang = pageLanguage(req.query.lang);
    const view = cases.findByTrackingCode(req.params.code);
    const path = `/c/${encodeURIComponent(req.params.code)}`;
    return sendPage(privateHeaders(reply), view ? 200 : 404, renderCasePage({ lang, view, typed: req.params.code, path, notFound: !view }));
  });
}

type PageLang = 'sv' | 'en';
const pageLanguage = (lang: string | undefined): PageLang => (lang === 'en' ? 'en' : 'sv');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/*
 * Contrast: body text #1a1a1a on white is 17:1; the green (#1b5e20, 7.9:1) and blue
 * (#0b4f9c, 8.1:1) markers pass WCAG AAA for text. State is never told by colour alone:
 * each step says in words whether it is done, current or to come.
 */
const CSS = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5;font-size:1.0625rem}',
  'main{max-width:40rem;margin:0 auto;padding:1.25rem}',
  'h1{font-size:1.6rem;margin:.5rem 0 1rem}',
  'a{color:#0b4f9c}a:focus,input:focus,button:focus{outline:3px solid #0b4f9c;outline-offset:2px}',
  '.lang{text-align:right;margin:0}',
  '.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.4rem;font-weight:700;letter-spacing:.08em}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}dt{font-weight:600}dd{margin:0}',
  'ol.steps{list-style:none;padding:0;margin:0 0 1.5rem;border-left:4px solid #767676;margin-left:.75rem}',
  'ol.steps li{position:relative;padding:0 0 1rem 1.5rem}',
  'ol.steps li::before{content:"";position:absolute;left:-.85rem;top:.3rem;width:1.1rem;height:1.1rem;border-radius:50%;background:#fff;border:3px solid #767676}',
  'ol.steps li.done::before{background:#1b5e20;border-color:#1b5e20}',
  'ol.steps li.current::before{background:#0b4f9c;border-color:#0b4f9c}',
  '.step{font-weight:600;display:block}.status{display:block;font-size:.95rem}',
  'li.done .status{color:#1b5e20}li.current .status{color:#0b4f9c;font-weight:600}li.upcoming .step{font-weight:400}',
  'label{display:block;font-weight:600;margin-bottom:.25rem}',
  'input{font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;padding:.5rem;border:2px solid #555;border-radius:4px;width:100%;max-width:16rem;text-transform:uppercase}',
  'button{font:inherit;margin-top:.75rem;padding:.5rem 1rem;background:#0b4f9c;color:#fff;border:0;border-radius:4px}',
  '.note{color:#3d3d3d;font-size:.95rem}',
].join('');
// A hash instead of 'unsafe-inline': the page allows exactly its own style and no script.
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; ` +
  `img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).header('content-security-policy', CSP).type('text/html; charset=utf-8').send(html);
}

function formatDate(iso: string, lang: PageLang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/**
 * The tracking page, server-rendered so it works on any phone without JavaScript: a
 * progress list like a parcel tracker's, or "no such case — check the code" with a form to
 * type it again. Pure: exported for tests.
 */
export function renderCasePage(p: { lang: PageLang; view: PublicCaseT | null; typed: string; path: string; notFound?: boolean }): string {
  const { lang, view } = p;
  const tx = (key: CaseTextKey) => escape(caseText[lang][key]);
  const other: PageLang = lang === 'en' ? 'sv' : 'en';
  const toggle = `<p class="lang"><a href="${escape(p.path)}${other === 'en' ? '?lang=en' : ''}" lang="${other}" hreflang="${other}">` +
    `${escape(caseText[lang]['page.otherLanguage'])}</a></p>`;

  let body: string;
  if (view) {
    const date = (iso: string) => `<time datetime="${escape(iso)}">${escape(formatDate(iso, lang, view.timeZone))}</time>`;
    const steps = view.steps.map((s) => {
      const current = s.status === 'current' ? ' aria-current="step"' : '';
      const when = s.at ? ` – ${date(s.at)}` : '';
      return `<li class="${s.status}"${current}><span class="step">${tx(`state.${s.state}`)}</span>` +
        `<span class="status">${tx(`step.${s.status}`)}${when}</span></li>`;
    }).join('');
    const facts = [
      `<dt>${tx('page.code')}</dt><dd class="code">${escape(view.code)}</dd>`,
      view.serviceName ? `<dt>${tx('page.errand')}</dt><dd>${escape(pick(view.serviceName, lang))}</dd>` : '',
      view.channels.length ? `<dt>${tx('page.channels')}</dt><dd>${view.channels.map((c) => tx(`channel.${c}`)).join(', ')}</dd>` : '',
      `<dt>${tx('page.updated')}</dt><dd>${date(view.updatedAt)}</dd>`,
    ].join('');
    body = `<h1>${tx('page.title')}</h1><dl>${facts}</dl>` +
      `<h2>${tx('page.steps')}</h2><ol class="steps">${steps}</ol>` +
      `<p class="note">${tx('page.help')}</p><p class="note">${tx('page.privacy')}</p>`;
  } else {
    const heading = p.notFound ? `<h1>${tx('page.notFound')}</h1><p>${tx('page.checkCode')}</p>` : `<h1>${tx('page.title')}</h1>`;
    body = heading +
      `<form action="/c" method="get"><label for="code">${tx('page.enterCode')}</label>` +
      `<input id="code" name="code" value="${escape(p.typed.slice(0, 64))}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required>` +
      (lang === 'en' ? '<input type="hidden" name="lang" value="en">' : '') +
      `<button type="submit">${tx('page.show')}</button></form>` +
      `<p class="note">${tx('page.help')}</p>`;
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${tx(view ? 'page.title' : p.notFound ? 'page.notFound' : 'page.title')} – Entré</title><style>${CSS}</style></head>` +
    `<body><main>${toggle}${body}</main></body></html>`;
}
