/**
 * Everything the visitor's phone page knows and does: the ticket as the server last told
 * it, the language it is shown in, the alerts raised, and the two things a visitor can
 * do (cancel, rate). No DOM here: the page, the network and the speaker come in as ports.
 */
import { batch, computed, signal } from '@preact/signals';
import { isSignLanguage, swedishMessages, visitorLanguages, type Catalog, type LanguageInfo, type Localized } from '@entre/protocol';
import type { Timers } from '@entre/web-common/timers';
import { translator, type Translate } from '../../lib/i18n.js';
import type { Alerter } from '../lib/alerter.js';
import { TicketApiError, type TicketApi } from '../lib/api.js';
import { isOpen, type MobileTicket } from '../lib/ticket.js';

export const LANGUAGE_KEY = 'entre.mobile.lang';
/** After the stream gave up (or the first load failed), try again this often. */
export const RETRY_MS = 5000;

/** The written languages a visitor can pick here (sign language has no text to show). */
export const pageLanguages: readonly LanguageInfo[] = visitorLanguages.filter((l) => !isSignLanguage(l.code));

function written(code: string | null | undefined): string | null {
  if (!code) return null;
  return pageLanguages.find((l) => l.code === code)?.code
    ?? pageLanguages.find((l) => l.code === code.toLowerCase().split('-')[0])?.code
    ?? null;
}

export interface TicketStateDeps {
  id: string;
  api: TicketApi;
  alerter: Alerter;
  timers: Timers;
  loadCatalog(code: string): Promise<Catalog | null>;
  /** Where the visitor's language choice is kept (localStorage); null where there is none. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The browser's languages, for the page of a ticket that does not exist. */
  browserLanguages?: readonly string[];
}

export type View = 'loading' | 'ticket' | 'notFound';
export type CancelStep = 'idle' | 'confirm' | 'sending';
export type RatingStep = 'idle' | 'sending' | 'thanks';

export interface Shown { code: string; dir: 'ltr' | 'rtl'; t: Translate }

export function createTicketState(deps: TicketStateDeps) {
  const { id, api, alerter, timers } = deps;

  const ticket = signal<MobileTicket | null>(null);
  const found = signal<boolean | null>(null);
  /** The language picked (the selector's value); `shown` follows once its catalog is loaded. */
  const language = signal<string | null>(null);
  const loaded = signal<{ code: string; catalog: Catalog } | null>(null);
  const offline = signal(false);
  /** Calls plus recalls that happened while the page was open. */
  const alerts = signal(0);
  /** The errand the ticket moved to while the visitor waited, if it did. */
  const movedTo = signal<Localized | null>(null);
  const cancelStep = signal<CancelStep>('idle');
  const ratingStep = signal<RatingStep>('idle');
  /** The last cancel or rating failed: say so, the visitor may try again. */
  const actionFailed = signal(false);
  const soundOn = signal(false);

  const shown = computed<Shown | null>(() => {
    const l = loaded.value;
    if (!l) return null;
    const dir = pageLanguages.find((x) => x.code === l.code)?.dir ?? 'ltr';
    return { code: l.code, dir, t: translator(l.catalog) };
  });

  const view = computed<View>(() => {
    if (!shown.value || found.value === null) return 'loading';
    return found.value ? 'ticket' : 'notFound';
  });

  let stopped = false;
  let closeEvents: (() => void) | null = null;
  let retryTimer: number | undefined;

  function storedLanguage(): string | null {
    try { return written(deps.storage?.getItem(LANGUAGE_KEY)); } catch { return null; }
  }

  function setLanguage(code: string, remember: boolean): void {
    const lang = written(code) ?? 'sv';
    language.value = lang;
    if (remember) {
      try { deps.storage?.setItem(LANGUAGE_KEY, lang); } catch { /* private mode: the choice lasts this visit */ }
    }
    void deps.loadCatalog(lang).then((catalog) => {
      if (language.peek() !== lang) return; // the visitor picked another meanwhile
      // A catalog that cannot load (offline, a sign language): keep what is shown, else Swedish.
      const next = catalog ? { code: lang, catalog } : loaded.peek() ?? { code: 'sv', catalog: swedishMessages };
      batch(() => { loaded.value = next; language.value = next.code; });
    }, () => undefined);
  }

  function receive(next: MobileTicket): void {
    const prev = ticket.peek();
    batch(() => {
      if (prev) {
        if (next.service !== prev.service && isOpen(next.state)) movedTo.value = next.serviceName;
        const called = next.state === 'called' && prev.state !== 'called';
        const recalled = next.state === 'called' && prev.state === 'called' && next.recalls > prev.recalls;
        if (called || recalled) {
          alerts.value += 1;
          alerter.alert();
        }
      }
      if (!isOpen(next.state)) movedTo.value = null;
      if (next.state !== 'waiting' && cancelStep.peek() === 'confirm') cancelStep.value = 'idle';
      ticket.value = next;
      found.value = true;
    });
  }

  function notFound(): void {
    closeEvents?.();
    closeEvents = null;
    batch(() => {
      found.value = false;
      offline.value = false;
      if (language.peek() === null) {
        const fromBrowser = (deps.browserLanguages ?? []).map(written).find((c) => c !== null);
        setLanguage(fromBrowser ?? 'sv', false);
      }
    });
  }

  function retryLater(): void {
    if (stopped) return;
    timers.clearTimeout(retryTimer);
    retryTimer = timers.setTimeout(() => { void connect(); }, RETRY_MS);
  }

  async function connect(): Promise<void> {
    let first: MobileTicket;
    try {
      first = await api.get(id);
    } catch (err) {
      if (stopped) return;
      if (err instanceof TicketApiError && (err.status === 404 || err.status === 400)) return notFound();
      offline.value = true;
      return retryLater();
    }
    if (stopped) return;
    batch(() => {
      offline.value = false;
      if (language.peek() === null) setLanguage(first.language, false);
      receive(first);
    });
    closeEvents = api.events(id, {
      ticket: (t) => batch(() => { offline.value = false; receive(t); }),
      gone: notFound,
      error: (closed) => {
        offline.value = true;
        if (closed) {
          closeEvents?.();
          closeEvents = null;
          retryLater();
        }
      },
    });
  }

  return {
    id,
    ticket, view, shown, language, offline, alerts, movedTo, cancelStep, ratingStep, actionFailed, soundOn,
    soundSupported: alerter.soundSupported,
    languages: pageLanguages,

    /** Loads the ticket and follows it live. */
    start(): void {
      const stored = storedLanguage();
      if (stored) setLanguage(stored, false);
      void connect();
    },

    stop(): void {
      stopped = true;
      timers.clearTimeout(retryTimer);
      closeEvents?.();
      closeEvents = null;
    },

    /** The visitor picked a language: shown here and remembered on this phone. */
    chooseLanguage(code: string): void {
      setLanguage(code, true);
    },

    async enableSound(): Promise<void> {
      soundOn.value = await alerter.enableSound();
    },

    askCancel(): void {
      actionFailed.value = false;
      if (ticket.peek()?.state === 'waiting') cancelStep.value = 'confirm';
    },

    keepTicket(): void {
      cancelStep.value = 'idle';
    },

    async confirmCancel(): Promise<void> {
      if (cancelStep.peek() !== 'confirm') return;
      batch(() => { cancelStep.value = 'sending'; actionFailed.value = false; });
      try {
        const next = await api.cancel(id);
        batch(() => { cancelStep.value = 'idle'; receive(next); });
      } catch (err) {
        if (err instanceof TicketApiError && err.status === 409) {
          // Called (or served) meanwhile: the stream shows what happened instead.
          cancelStep.value = 'idle';
          return;
        }
        batch(() => { cancelStep.value = 'confirm'; actionFailed.value = true; });
      }
    },

    async rate(score: number): Promise<void> {
      if (ratingStep.peek() !== 'idle') return;
      batch(() => { ratingStep.value = 'sending'; actionFailed.value = false; });
      try {
        const next = await api.rate(id, score);
        batch(() => { receive(next); ratingStep.value = 'thanks'; });
      } catch (err) {
        if (err instanceof TicketApiError && err.code === 'ENTRE_ALREADY_RATED') {
          ratingStep.value = 'thanks';
          return;
        }
        batch(() => { ratingStep.value = 'idle'; actionFailed.value = true; });
      }
    },
  };
}

export type TicketState = ReturnType<typeof createTicketState>;
