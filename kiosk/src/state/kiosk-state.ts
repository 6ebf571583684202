/**
 * Everything the kiosk knows and does, as signals and actions. Created once per page in
 * main.tsx and provided through context; components only read signals and call actions.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { catalogs, visitorLanguages, type KioskConfig, type Language, type Ticket } from '@entre/protocol';
import type { KioskApi } from '../lib/api.js';
import type { Timers } from '@entre/web-common/timers';
import { ApiError, randomKey } from '@entre/web-common/http';

export type Screen = 'language' | 'errand' | 'ticket';

/** How the kiosk follows the print job after issuing: polling, settled, or gave up waiting. */
export type PrintWatch = 'polling' | 'settled' | 'timeout';

export interface KioskStateDeps {
  api: KioskApi;
  kiosk: string;
  timers: Timers;
  /** Back to the start screen after this long without a touch or key press. */
  idleMs?: number;
  pollEveryMs?: number;
  pollForMs?: number;
  /** How often the start screen refreshes open services and waiting counts. */
  refreshEveryMs?: number;
  /** Waits before each retry of a ticket request the network lost. */
  retryDelaysMs?: number[];
  newKey?: () => string;
}

export interface KioskState {
  readonly config: ReadonlySignal<KioskConfig | null>;
  readonly languages: ReadonlySignal<Language[]>;
  readonly screen: ReadonlySignal<Screen>;
  readonly language: ReadonlySignal<Language>;
  /**
   * The language the screen text is in: the chosen one when the protocol has its catalog,
   * else the site's fallback (Swedish), so `lang` and `dir` never claim what is not there.
   */
  readonly textLanguage: ReadonlySignal<Language>;
  readonly ticket: ReadonlySignal<Ticket | null>;
  readonly printWatch: ReadonlySignal<PrintWatch>;
  /** A ticket request is in flight: errand buttons wait for it. */
  readonly issuing: ReadonlySignal<boolean>;
  /** The last action failed; the visitor sees the catalog's 'kiosk.error'. */
  readonly failed: ReadonlySignal<boolean>;
  start(): void;
  stop(): void;
  chooseLanguage(code: string): void;
  chooseService(id: string): Promise<void>;
  back(): void;
  startOver(): void;
  /** Any touch or key press: postpones the return to the start screen. */
  noteActivity(): void;
}

const fallbackLanguage: Language = { code: 'sv', name: 'Svenska', dir: 'ltr' };

export function createKioskState(deps: KioskStateDeps): KioskState {
  const { api, kiosk, timers } = deps;
  const idleMs = deps.idleMs ?? 30_000;
  const pollEveryMs = deps.pollEveryMs ?? 500;
  const pollForMs = deps.pollForMs ?? 10_000;
  const refreshEveryMs = deps.refreshEveryMs ?? 60_000;
  const retryDelaysMs = deps.retryDelaysMs ?? [500, 1500];
  const newKey = deps.newKey ?? randomKey;

  const config = signal<KioskConfig | null>(null);
  const screen = signal<Screen>('language');
  const chosen = signal<Language | null>(null);
  const ticket = signal<Ticket | null>(null);
  const printWatch = signal<PrintWatch>('settled');
  const issuing = signal(false);
  const failed = signal(false);

  const languages = computed<Language[]>(() => config.value?.languages ?? visitorLanguages);
  const language = computed<Language>(() => chosen.value ?? languages.value[0] ?? fallbackLanguage);
  const textLanguage = computed<Language>(() => {
    if (catalogs[language.value.code]) return language.value;
    return languages.value.find((l) => l.code === fallbackLanguage.code) ?? fallbackLanguage;
  });

  /**
   * A request lost on the network may still have made a ticket: retrying with the same
   * key gets that ticket back rather than a second number. The server's own refusals
   * (4xx) are not retried.
   */
  async function issueWithRetry(request: { kiosk: string; service: string; language: string }): Promise<Ticket> {
    const key = newKey();
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.issueTicket(request, key);
      } catch (err) {
        const delay = retryDelaysMs[attempt];
        if (!(err instanceof ApiError) || err.failure !== 'network' || delay === undefined) throw err;
        await new Promise<void>((resolve) => timers.setTimeout(resolve, delay));
      }
    }
  }

  /** Bumped on every return to start, so late answers of an abandoned visit are dropped. */
  let visit = 0;
  let idleTimer: number | undefined;
  let refreshTimer: number | undefined;
  let retryTimer: number | undefined;
  let pollTimer: number | undefined;

  async function loadConfig(): Promise<boolean> {
    try {
      config.value = await api.config(kiosk);
      return true;
    } catch (err) {
      console.warn('kiosk: could not load the configuration', err);
      return false;
    }
  }

  /** First load retries until it works: without services the kiosk cannot issue. */
  async function loadUntilReady(delayMs = 2_000): Promise<void> {
    if (await loadConfig()) {
      if (failed.value && screen.value === 'language') failed.value = false;
      return;
    }
    if (config.value === null) failed.value = true;
    retryTimer = timers.setTimeout(() => void loadUntilReady(Math.min(delayMs * 2, 30_000)), delayMs);
  }

  function armIdle(): void {
    timers.clearTimeout(idleTimer);
    idleTimer = undefined;
    if (screen.value === 'language' && chosen.value === null) return;
    idleTimer = timers.setTimeout(() => {
      // Do not pull the screen away while a ticket is being issued; the answer re-arms.
      if (issuing.value) return armIdle();
      startOver();
    }, idleMs);
  }

  function stopPolling(): void {
    timers.clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  function followPrint(issued: Ticket, thisVisit: number): void {
    stopPolling();
    if (issued.print.state !== 'queued') {
      printWatch.value = 'settled';
      return;
    }
    printWatch.value = 'polling';
    const giveUpAt = timers.now() + pollForMs;
    const poll = async () => {
      try {
        const latest = await api.ticket(issued.id);
        if (thisVisit !== visit) return;
        ticket.value = latest;
        if (latest.print.state !== 'queued') {
          printWatch.value = 'settled';
          return;
        }
      } catch (err) {
        // A missed poll is not the visitor's problem: the number is on screen already.
        console.warn('kiosk: could not refresh the ticket', err);
        if (thisVisit !== visit) return;
      }
      if (timers.now() >= giveUpAt) {
        printWatch.value = 'timeout';
        return;
      }
      pollTimer = timers.setTimeout(() => void poll(), pollEveryMs);
    };
    pollTimer = timers.setTimeout(() => void poll(), pollEveryMs);
  }

  function startOver(): void {
    visit++;
    stopPolling();
    batch(() => {
      screen.value = 'language';
      chosen.value = null;
      ticket.value = null;
      printWatch.value = 'settled';
      failed.value = config.value === null;
    });
    armIdle();
    void loadConfig();
  }

  return {
    config,
    languages,
    screen,
    language,
    textLanguage,
    ticket,
    printWatch,
    issuing,
    failed,

    start() {
      void loadUntilReady();
      refreshTimer = timers.setInterval(() => {
        if (screen.value === 'language' && config.value !== null) void loadConfig();
      }, refreshEveryMs);
    },

    stop() {
      visit++;
      stopPolling();
      timers.clearTimeout(idleTimer);
      timers.clearTimeout(retryTimer);
      timers.clearInterval(refreshTimer);
    },

    chooseLanguage(code) {
      const found = languages.value.find((l) => l.code === code);
      if (!found) return;
      batch(() => {
        chosen.value = found;
        failed.value = false;
        screen.value = 'errand';
      });
      armIdle();
      // Fresh open/closed states and waiting counts; the old ones show meanwhile.
      void loadConfig();
    },

    async chooseService(id) {
      if (issuing.value) return;
      const thisVisit = visit;
      batch(() => {
        issuing.value = true;
        failed.value = false;
      });
      try {
        const issued = await issueWithRetry({ kiosk, service: id, language: language.value.code });
        if (thisVisit !== visit) return;
        batch(() => {
          ticket.value = issued;
          screen.value = 'ticket';
        });
        followPrint(issued, thisVisit);
      } catch (err) {
        console.warn('kiosk: could not issue a ticket', err);
        if (thisVisit !== visit) return;
        failed.value = true;
        // The service may have closed meanwhile: show what is true now.
        void loadConfig();
      } finally {
        issuing.value = false;
        armIdle();
      }
    },

    back() {
      if (screen.value === 'errand') startOver();
    },

    startOver,

    noteActivity() {
      armIdle();
    },
  };
}
