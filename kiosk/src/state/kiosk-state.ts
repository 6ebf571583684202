/**
 * Everything the kiosk knows and does, as signals and actions. Created once per page in
 * main.tsx and provided through context; components only read signals and call actions.
 *
 * Screens: language → errand (→ question) → ticket, with two side paths from the errand
 * screen: help (a priority ticket) and, from the language screen, sign language. Every
 * path returns to the start by itself: after the ticket's countdown, or when nobody has
 * touched the screen for a while (with a warning first).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  isSignLanguage, visitorLanguages, KIOSK_HEARTBEAT_SECONDS, type KioskConfig, type KioskDiagnostics, type KioskService, type KioskSettings, type Language,
  type PriorityReason, type Ticket,
} from '@entre/protocol';
import type { KioskApi } from '../lib/api.js';
import type { Timers } from '@entre/web-common/timers';
import { ApiError, randomKey } from '@entre/web-common/http';
import { loadCatalog, swedish, translator, type Translate } from '../lib/i18n.js';
import { createEnrolmentState, type EnrolmentState } from '@entre/web-common/enrolment-state';

export type Screen = 'language' | 'errand' | 'question' | 'help' | 'sign' | 'ticket' | 'sms' | 'appointment' | 'staff' | 'enrol';

/** How the kiosk follows the print job after issuing: polling, settled, or gave up waiting. */
export type PrintWatch = 'polling' | 'settled' | 'timeout';

export interface KioskStateDeps {
  api: KioskApi;
  kiosk: string;
  timers: Timers;
  pollEveryMs?: number;
  pollForMs?: number;
  /** How often the start screen refreshes open services and waiting counts. */
  refreshEveryMs?: number;
  /** Waits before each retry of a ticket request the network lost. */
  retryDelaysMs?: number[];
  newKey?: () => string;
  /** After a good enrolment code: the page starts over as the enrolled kiosk. */
  reload?: () => void;
}

export interface KioskState {
  readonly config: ReadonlySignal<KioskConfig | null>;
  readonly settings: ReadonlySignal<KioskSettings>;
  readonly languages: ReadonlySignal<Language[]>;
  readonly screen: ReadonlySignal<Screen>;
  readonly language: ReadonlySignal<Language>;
  /**
   * The language the screen text is in: the chosen one once its catalog is loaded, else
   * Swedish, so `lang` and `dir` never claim what is not there.
   */
  readonly textLanguage: ReadonlySignal<Language>;
  /** Screen text in `textLanguage`. */
  readonly t: ReadonlySignal<Translate>;
  /** The first offered languages with their text loaded, to greet in on the start screen. */
  readonly greeters: ReadonlySignal<Array<{ language: Language; t: Translate }>>;
  /** The errand whose follow-up question is on screen. */
  readonly asking: ReadonlySignal<KioskService | null>;
  readonly ticket: ReadonlySignal<Ticket | null>;
  readonly printWatch: ReadonlySignal<PrintWatch>;
  /** A ticket request is in flight: errand buttons wait for it. */
  readonly issuing: ReadonlySignal<boolean>;
  /** The last action failed; the visitor sees `errorMessage`. */
  readonly failed: ReadonlySignal<boolean>;
  /**
   * What the visitor reads when `failed`: the catalog's 'kiosk.error', or, when this kiosk
   * issued too many tickets lately (429 ENTRE_RATE_LIMITED), 'kiosk.rateLimited' with the wait.
   */
  readonly errorMessage: ReadonlySignal<string>;
  /** Seconds left before an idle kiosk starts over; null while no warning shows. */
  readonly idleWarning: ReadonlySignal<number | null>;
  /** Seconds left on the ticket screen before it returns to start. */
  readonly ticketCountdown: ReadonlySignal<number | null>;
  /** The number the visitor left for SMS on this visit, as they typed it; gone on start over. */
  readonly smsPhone: ReadonlySignal<string | null>;
  /** The SMS screen's last number was not one we can text. */
  readonly smsInvalid: ReadonlySignal<boolean>;
  /** What the last booking code gave, when it gave no ticket. */
  readonly checkInOutcome: ReadonlySignal<CheckInOutcome | null>;
  /** The booked time of the ticket on screen, when it came from a check-in. */
  readonly bookedAt: ReadonlySignal<string | null>;
  /** The staff screen: PIN pad, or the kiosk's facts once the PIN was right. */
  readonly staff: ReadonlySignal<StaffView>;
  readonly staffMessage: ReadonlySignal<string | null>;
  /**
   * Whether the server serves this browser as this kiosk (any kiosk call it refuses with
   * ENTRE_DEVICE_UNENROLLED or ENTRE_DEVICE_MISMATCH says it does not), and the form of
   * the 'enrol' screen.
   */
  readonly enrolment: EnrolmentState;
  start(): void;
  stop(): void;
  chooseLanguage(code: string): Promise<void>;
  chooseService(id: string): Promise<void>;
  answer(optionId: string): Promise<void>;
  openHelp(): void;
  askPriority(reason: PriorityReason): Promise<void>;
  back(): void;
  startOver(): void;
  /** Any touch or key press: postpones the return to the start screen. */
  noteActivity(): void;
  /** From the ticket screen: "text me when it is almost my turn". */
  openSms(): void;
  /** Leaves the number for this ticket; back to the ticket screen once the server has it. */
  saveSms(phone: string): Promise<void>;
  /** "No thanks": back to the ticket screen, nothing kept. */
  closeSms(): void;
  /** "I have an appointment". */
  openAppointment(): void;
  checkIn(code: string): Promise<void>;
  clearCheckInOutcome(): void;
  /** A long press on the header: the PIN pad. */
  openStaff(): void;
  unlockStaff(pin: string): Promise<void>;
  staffTestPrint(): Promise<void>;
  closeStaff(): void;
  /** No-touch mode: the hardware button (any key) issues the default errand's ticket. */
  pressButton(): Promise<void>;
}

/** Why the last action failed: most failures are "something went wrong"; a rate limit says how long to wait. */
export type Failure = { kind: 'error' } | { kind: 'rate_limited'; waitSeconds: number } | { kind: 'out_of_service' };
const ERROR: Failure = { kind: 'error' };
/** The server no longer serves this kiosk: "ask at the reception" rather than "try again". */
const OUT_OF_SERVICE: Failure = { kind: 'out_of_service' };
/** The wait to show when a 429 came without Retry-After (ours always sends one). */
const DEFAULT_WAIT_SECONDS = 30;

export type CheckInOutcome = { kind: 'not_found' } | { kind: 'too_early'; startsAt: string; checkInFrom: string };
export type StaffView =
  | { kind: 'pin' } | { kind: 'wrong' } | { kind: 'locked' } | { kind: 'failed' }
  | { kind: 'open'; facts: KioskDiagnostics };

const fallbackLanguage: Language = { code: 'sv', name: 'Svenska', dir: 'ltr' };
/** How many languages greet the visitor in the heading before any choice is made. */
const GREETINGS = 3;
export const DEFAULT_SETTINGS: KioskSettings = { idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true };

export function createKioskState(deps: KioskStateDeps): KioskState {
  const { api, kiosk, timers } = deps;
  const pollEveryMs = deps.pollEveryMs ?? 500;
  const pollForMs = deps.pollForMs ?? 10_000;
  const refreshEveryMs = deps.refreshEveryMs ?? 60_000;
  const retryDelaysMs = deps.retryDelaysMs ?? [500, 1500];
  const newKey = deps.newKey ?? randomKey;

  const config = signal<KioskConfig | null>(null);
  const screen = signal<Screen>('language');
  const chosen = signal<Language | null>(null);
  const catalog = signal<{ code: string; t: Translate } | null>(null);
  const asking = signal<KioskService | null>(null);
  const ticket = signal<Ticket | null>(null);
  const printWatch = signal<PrintWatch>('settled');
  const issuing = signal(false);
  const failure = signal<Failure | null>(null);
  const failed = computed(() => failure.value !== null);
  const idleWarning = signal<number | null>(null);
  const ticketCountdown = signal<number | null>(null);
  const smsPhone = signal<string | null>(null);
  const smsInvalid = signal(false);
  let smsSaving = false;
  const checkInOutcome = signal<CheckInOutcome | null>(null);
  const bookedAt = signal<string | null>(null);
  const staff = signal<StaffView>({ kind: 'pin' });
  const staffMessage = signal<string | null>(null);
  /** The PIN that opened the staff screen, kept while it is open (a test print needs it). */
  let staffPin: string | null = null;

  const settings = computed<KioskSettings>(() => config.value?.settings ?? DEFAULT_SETTINGS);
  const languages = computed<Language[]>(() => config.value?.languages ?? visitorLanguages);
  const language = computed<Language>(() => chosen.value ?? languages.value[0] ?? fallbackLanguage);
  const textLanguage = computed<Language>(() => {
    if (catalog.value && catalog.value.code === language.value.code) return language.value;
    return languages.value.find((l) => l.code === fallbackLanguage.code) ?? fallbackLanguage;
  });
  const t = computed<Translate>(() => (catalog.value && catalog.value.code === language.value.code ? catalog.value.t : swedish));
  const errorMessage = computed(() => {
    const f = failure.value;
    if (f?.kind === 'out_of_service') return t.value('kiosk.outOfService');
    return f?.kind === 'rate_limited' ? t.value('kiosk.rateLimited', { n: f.waitSeconds }) : t.value('kiosk.error');
  });
  const greetingTexts = signal<Record<string, Translate>>({ sv: swedish });
  const greeters = computed(() => languages.value
    .filter((l) => greetingTexts.value[l.code])
    .slice(0, GREETINGS)
    .map((l) => ({ language: l, t: greetingTexts.value[l.code]! })));

  /** Loads the texts the start screen greets in; Swedish is there from the first paint. */
  async function loadGreetings(): Promise<void> {
    const wanted = languages.value.filter((l) => !isSignLanguage(l.code)).slice(0, GREETINGS).map((l) => l.code);
    for (const code of wanted) {
      if (greetingTexts.value[code]) continue;
      const messages = await loadCatalog(code);
      if (messages) greetingTexts.value = { ...greetingTexts.value, [code]: translator(messages) };
    }
  }

  /**
   * A request lost on the network may still have made a ticket: retrying with the same
   * key gets that ticket back rather than a second number. The server's own refusals
   * (4xx) are not retried.
   */
  async function issueWithRetry(request: Parameters<KioskApi['issueTicket']>[0]): Promise<Ticket> {
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
  let tickTimer: number | undefined;
  let refreshTimer: number | undefined;
  let heartbeatTimer: number | undefined;
  let retryTimer: number | undefined;
  let pollTimer: number | undefined;
  /** When the screen last saw a touch or key, by the timers' clock. */
  let lastActivity = 0;

  const enrolment = createEnrolmentState({
    device: { kind: 'kiosk', id: kiosk },
    enrol: (code) => api.enrol(kiosk, code),
    reload: deps.reload ?? (() => undefined),
  });

  /**
   * Whether `err` is the server refusing this kiosk (never enrolled, revoked mid-day, or
   * enrolled as another kiosk); if so the enrol screen shows as soon as no visitor is using
   * the kiosk. A visitor in the middle of a visit is never switched to a staff form under
   * their fingers: their own action fails with 'kiosk.outOfService' in their language
   * ("ask at the reception"), and the enrol screen comes when the visit ends (done, back
   * to start, or the idle timeout). Mature kiosks do the same: out of order is said to the
   * customer in their words, and the service screen is for whoever comes to fix it. Staff
   * need not wait: the header hold, which leads to the PIN pad otherwise, opens the enrol
   * screen at once (the PIN check is itself a kiosk call the server now refuses, and the
   * code is its own authority). The enrol screen says "out of service, ask at the
   * reception" too, in Swedish and English, for the next visitor who walks up.
   */
  function deviceRefused(err: unknown): boolean {
    if (!enrolment.note(err)) return false;
    const idle = (screen.value === 'language' && chosen.value === null && !issuing.value) || screen.value === 'staff';
    if (idle) reset();
    return true;
  }

  /** The server served the kiosk again (another tab enrolled it, or the site went open): back to start. */
  function deviceServed(): void {
    if (enrolment.refusal.value === null) return;
    enrolment.served();
    if (screen.value === 'enrol') reset();
  }

  async function loadConfig(): Promise<boolean> {
    try {
      config.value = await api.config(kiosk);
      deviceServed();
      return true;
    } catch (err) {
      if (!deviceRefused(err)) console.warn('kiosk: could not load the configuration', err);
      return false;
    }
  }

  /** First load retries until it works: without services the kiosk cannot issue. */
  async function loadUntilReady(delayMs = 2_000): Promise<void> {
    if (await loadConfig()) {
      if (failed.value && screen.value === 'language') failure.value = null;
      void loadGreetings();
      return;
    }
    if (config.value === null) failure.value = ERROR;
    retryTimer = timers.setTimeout(() => void loadUntilReady(Math.min(delayMs * 2, 30_000)), delayMs);
  }

  /**
   * One clock for both countdowns, ticking each second while the visitor is away from
   * the start screen: the ticket screen counts down its own time; anywhere else, silence
   * for idleSeconds − warnSeconds brings up the warning, and its end starts over.
   */
  function tick(): void {
    tickTimer = undefined;
    // The enrol screen waits for staff as the start screen waits for visitors.
    if ((screen.value === 'language' && chosen.value === null) || screen.value === 'enrol') {
      idleWarning.value = null;
      ticketCountdown.value = null;
      return;
    }
    const { idleSeconds, warnSeconds, ticketSeconds } = settings.value;
    const idle = (timers.now() - lastActivity) / 1000;
    if (screen.value === 'ticket') {
      const left = Math.ceil(ticketSeconds - idle);
      if (left <= 0) return startOver();
      ticketCountdown.value = left;
    } else if (!issuing.value) {
      const left = Math.ceil(idleSeconds - idle);
      if (left <= 0) return startOver();
      idleWarning.value = left <= warnSeconds ? left : null;
    }
    tickTimer = timers.setTimeout(tick, 1000 - ((timers.now() - lastActivity) % 1000));
  }

  function armIdle(): void {
    lastActivity = timers.now();
    idleWarning.value = null;
    timers.clearTimeout(tickTimer);
    tick();
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

  /** Ends the visit: the start screen, or the enrol screen while the server refuses this kiosk. */
  function reset(): void {
    visit++;
    stopPolling();
    timers.clearTimeout(tickTimer);
    tickTimer = undefined;
    batch(() => {
      screen.value = enrolment.refusal.value ? 'enrol' : 'language';
      chosen.value = null;
      asking.value = null;
      ticket.value = null;
      printWatch.value = 'settled';
      idleWarning.value = null;
      ticketCountdown.value = null;
      failure.value = config.value === null ? ERROR : null;
      smsPhone.value = null;
      smsInvalid.value = false;
      checkInOutcome.value = null;
      bookedAt.value = null;
      staff.value = { kind: 'pin' };
      staffMessage.value = null;
    });
    staffPin = null;
  }

  function startOver(): void {
    reset();
    void loadConfig();
  }

  async function issue(request: Parameters<KioskApi['issueTicket']>[0]): Promise<void> {
    if (issuing.value) return;
    const thisVisit = visit;
    batch(() => {
      issuing.value = true;
      failure.value = null;
    });
    try {
      const issued = await issueWithRetry(request);
      if (thisVisit !== visit) return;
      batch(() => {
        ticket.value = issued;
        asking.value = null;
        screen.value = 'ticket';
      });
      followPrint(issued, thisVisit);
    } catch (err) {
      console.warn('kiosk: could not issue a ticket', err);
      if (thisVisit !== visit) return;
      const refused = deviceRefused(err);
      failure.value = refused ? OUT_OF_SERVICE : err instanceof ApiError && err.code === 'ENTRE_RATE_LIMITED'
        ? { kind: 'rate_limited', waitSeconds: Math.max(1, err.retryAfterSeconds ?? DEFAULT_WAIT_SECONDS) }
        : ERROR;
      // The service may have closed meanwhile: show what is true now (refused, there is nothing to show).
      if (!refused) void loadConfig();
    } finally {
      issuing.value = false;
      if (thisVisit === visit) armIdle();
    }
  }

  return {
    config, settings, languages, screen, language, textLanguage, t, greeters, asking, ticket, printWatch, issuing, failed, errorMessage,
    idleWarning, ticketCountdown, smsPhone, smsInvalid, checkInOutcome, bookedAt, staff, staffMessage, enrolment,

    start() {
      void loadUntilReady();
      // A lost heartbeat is only a late one: the next comes anyway, and facility sees the gap.
      // A refused one is how a kiosk revoked while nobody uses it learns so.
      const beat = () => { deps.api.heartbeat(deps.kiosk).then(deviceServed, (err: unknown) => { deviceRefused(err); }); };
      beat();
      heartbeatTimer = timers.setInterval(beat, KIOSK_HEARTBEAT_SECONDS * 1000);
      refreshTimer = timers.setInterval(() => {
        if (screen.value === 'language' && config.value !== null) void loadConfig();
      }, refreshEveryMs);
    },

    stop() {
      visit++;
      stopPolling();
      timers.clearTimeout(tickTimer);
      timers.clearTimeout(retryTimer);
      timers.clearInterval(refreshTimer);
      timers.clearInterval(heartbeatTimer);
    },

    async chooseLanguage(code) {
      const found = languages.value.find((l) => l.code === code);
      if (!found) return;
      const thisVisit = visit;
      if (isSignLanguage(code)) {
        batch(() => { chosen.value = found; failure.value = null; screen.value = 'sign'; });
        armIdle();
        return;
      }
      // The catalog first, so the next screen appears whole in the visitor's language.
      if (catalog.value?.code !== code) {
        const messages = await loadCatalog(code);
        if (thisVisit !== visit) return;
        if (messages) catalog.value = { code, t: translator(messages) };
      }
      batch(() => {
        chosen.value = found;
        failure.value = null;
        screen.value = 'errand';
      });
      armIdle();
      // Fresh open/closed states and waiting counts; the old ones show meanwhile.
      void loadConfig();
    },

    async chooseService(id) {
      const service = config.value?.services.find((s) => s.id === id);
      if (service?.question) {
        batch(() => { asking.value = service; screen.value = 'question'; failure.value = null; });
        armIdle();
        return;
      }
      await issue({ kiosk, service: id, language: language.value.code });
    },

    async answer(optionId) {
      const service = asking.value;
      if (!service) return;
      await issue({ kiosk, service: service.id, option: optionId, language: language.value.code });
    },

    openHelp() {
      batch(() => { screen.value = 'help'; failure.value = null; });
      armIdle();
    },

    async askPriority(reason) {
      const service = settings.value.priorityService ?? config.value?.services[0]?.id;
      if (!service) { failure.value = ERROR; return; }
      await issue({ kiosk, service, language: language.value.code, priority: reason });
    },

    back() {
      if (screen.value === 'question' || screen.value === 'help') {
        batch(() => { asking.value = null; screen.value = 'errand'; failure.value = null; });
        armIdle();
      } else if (screen.value === 'errand' || screen.value === 'sign') {
        startOver();
      }
    },

    startOver,

    noteActivity() {
      if (screen.value === 'language' && chosen.value === null) return;
      armIdle();
    },

    openSms() {
      if (!ticket.value || !settings.value.sms) return;
      batch(() => { screen.value = 'sms'; smsInvalid.value = false; failure.value = null; });
      armIdle();
    },

    async saveSms(phone) {
      const current = ticket.value;
      if (!current || smsSaving) return;
      if (!/\d/.test(phone)) { smsInvalid.value = true; return; }
      const thisVisit = visit;
      smsSaving = true;
      try {
        await api.saveSms(current.id, phone);
        if (thisVisit !== visit) return;
        batch(() => { smsPhone.value = phone; smsInvalid.value = false; failure.value = null; screen.value = 'ticket'; });
      } catch (err) {
        if (thisVisit !== visit) return;
        // The server's own verdict on the number; anything else is the general error.
        if (err instanceof ApiError && err.code === 'ENTRE_INVALID_PHONE') smsInvalid.value = true;
        else { console.warn('kiosk: could not save the SMS number', err); failure.value = ERROR; }
      } finally {
        smsSaving = false;
        if (thisVisit === visit) armIdle();
      }
    },

    closeSms() {
      if (screen.value !== 'sms') return;
      batch(() => { screen.value = 'ticket'; smsInvalid.value = false; failure.value = null; });
      armIdle();
    },

    openAppointment() {
      batch(() => { screen.value = 'appointment'; checkInOutcome.value = null; failure.value = null; });
      armIdle();
    },

    async checkIn(code) {
      if (issuing.value) return;
      const thisVisit = visit;
      batch(() => { issuing.value = true; failure.value = null; checkInOutcome.value = null; });
      try {
        const res = await api.checkIn(kiosk, code, language.value.code);
        if (thisVisit !== visit) return;
        if (res.result === 'too_early' && res.checkInFrom) {
          checkInOutcome.value = { kind: 'too_early', startsAt: res.startsAt, checkInFrom: res.checkInFrom };
        } else if (res.ticket) {
          const issued = res.ticket;
          batch(() => { ticket.value = issued; bookedAt.value = res.startsAt; screen.value = 'ticket'; });
          followPrint(issued, thisVisit);
        }
      } catch (err) {
        if (thisVisit !== visit) return;
        // Unknown, cancelled or missed: the visitor is told to check the code or ask the reception.
        if (err instanceof ApiError && (err.code === 'ENTRE_APPOINTMENT_NOT_FOUND' || err.code === 'ENTRE_APPOINTMENT_MISSED')) {
          checkInOutcome.value = { kind: 'not_found' };
        } else if (deviceRefused(err)) {
          failure.value = OUT_OF_SERVICE;
        } else {
          console.warn('kiosk: could not check in', err);
          failure.value = ERROR;
        }
      } finally {
        issuing.value = false;
        if (thisVisit === visit) armIdle();
      }
    },

    clearCheckInOutcome() {
      checkInOutcome.value = null;
    },

    openStaff() {
      // Unenrolled, the PIN cannot be checked: staff get the enrol form instead.
      if (enrolment.refusal.value) { reset(); return; }
      batch(() => { screen.value = 'staff'; staff.value = { kind: 'pin' }; staffMessage.value = null; failure.value = null; });
      // The staff screen is not a visitor's: the idle timer closes it like any other.
      if (chosen.value === null) chosen.value = languages.value[0] ?? fallbackLanguage;
      armIdle();
    },

    async unlockStaff(pin) {
      try {
        const facts = await api.unlock(kiosk, pin);
        staffPin = pin;
        staff.value = { kind: 'open', facts };
      } catch (err) {
        if (deviceRefused(err)) return;
        const code = err instanceof ApiError ? err.code : undefined;
        staff.value = code === 'ENTRE_BAD_PIN' || code === 'ENTRE_FORBIDDEN' ? { kind: 'wrong' } : code === 'ENTRE_KIOSK_LOCKED' ? { kind: 'locked' } : { kind: 'failed' };
      }
    },

    async staffTestPrint() {
      if (!staffPin) return;
      try {
        const job = await api.testPrint(kiosk, staffPin);
        staffMessage.value = `Testutskrift skickad till ${job.printer}.`;
      } catch (err) {
        staffMessage.value = `Testutskriften gick inte: ${err instanceof ApiError ? err.detail : String(err)}`;
      }
    },

    closeStaff() {
      startOver();
    },

    async pressButton() {
      const service = settings.value.noTouchService;
      if (!service || screen.value !== 'language') return;
      await issue({ kiosk, service, language: language.value.code });
    },
  };
}
