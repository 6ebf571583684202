/**
 * What the wall display shows, as signals, fed by retained MQTT state: its config
 * (zone, layout, languages, sound) and its zone's board, plus the live call events it
 * chimes on. Created once in main.tsx with its ports (API, broker, chime, voice, catalog
 * loader, clock) and provided through context.
 *
 * Sound follows call events only: each call and each recall chimes once; a board (on
 * connect, on reconnect, on any change) never does, and neither does retained state.
 *
 * On an enrolled site the server may refuse the display (never enrolled, revoked, or
 * enrolled as another one): the bootstrap says so with 401/403, and `enrolment.refusal`
 * turns the board into the enrol screen. A revocation while running first shows as a
 * closed WebSocket whose reconnects are refused at the upgrade, which a browser cannot
 * tell from a server that is away; so while the link stays down the display asks the
 * bootstrap again (soon, then less often), and only its 401/403 ends the board.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  Board, CallEvent, DisplayConfig, decodePayload, describeIssues, lightChecker, pick, topics,
  type DisplayBootstrap, type DisplayLayout, type LanguageInfo,
} from '@entre/protocol';
import type { Timers } from '@entre/web-common/timers';
import type { DisplayApi } from '../lib/api.js';
import type { BrokerLink, ConnectBroker } from '../lib/broker.js';
import type { Chime } from '../lib/chime.js';
import type { Speech } from '../lib/speech.js';
import { createAnnouncements, type Phrase } from '../lib/announcements.js';
import { emptyBoard, withLiveCalls } from '../lib/board-merge.js';
import { infoOf, spokenTicket, text, type DisplayCatalogs, type DisplayKey } from '../lib/texts.js';
import { createEnrolmentState, type EnrolmentState } from '@entre/web-common/enrolment-state';

const checkBoard = lightChecker(Board);
const checkConfig = lightChecker(DisplayConfig);
const checkCall = lightChecker(CallEvent);

const DEFAULT_LANGUAGES = ['sv'];
/** Live calls older than this (server time, against the newest) no longer matter for merging. */
const LIVE_CALLS_MS = 60_000;

export interface DisplayStateDeps {
  api: DisplayApi;
  display: string;
  connect: ConnectBroker;
  chime: Chime;
  speech: Speech | null;
  /** The `display.*` texts of every language (the build bundles them). */
  catalogs: DisplayCatalogs;
  timers: Timers;
  /** How long each language of the rotation shows. */
  rotateEveryMs?: number;
  /** How long a new call stays highlighted (and a test call shows). */
  highlightForMs?: number;
  /** After a good enrolment code: the page starts over as the enrolled display. */
  reload?: () => void;
  /** How long the link may stay down before the bootstrap is asked whether the display is still served (doubling up to recheckMaxMs). */
  recheckMinMs?: number;
  recheckMaxMs?: number;
  /** How often a refused display asks again by itself (the site may have opened, or another tab enrolled it). */
  refusedRecheckMs?: number;
}

export interface DisplayState {
  readonly bootstrap: ReadonlySignal<DisplayBootstrap | null>;
  readonly config: ReadonlySignal<DisplayConfig | null>;
  /** The zone's board with the live calls that came after it; null before anything arrived. */
  readonly board: ReadonlySignal<Board | null>;
  readonly zone: ReadonlySignal<string | null>;
  readonly layout: ReadonlySignal<DisplayLayout>;
  readonly connected: ReadonlySignal<boolean>;
  /** The language fixed texts show in right now (rotates through the config's languages). */
  readonly language: ReadonlySignal<LanguageInfo>;
  /** The config's first language: the live region for screen readers uses it. */
  readonly primaryLanguage: ReadonlySignal<string>;
  /** Id of the call that just came in, for a few seconds. */
  readonly highlighted: ReadonlySignal<string | null>;
  /** Reception's test call while it shows; never part of the board. */
  readonly testCall: ReadonlySignal<CallEvent | null>;
  /** How many chimes have started since the page loaded (tests count them). */
  readonly chimes: ReadonlySignal<number>;
  readonly showStaffName: ReadonlySignal<boolean>;
  /** Text of the last announcement for the assertive live region. */
  readonly announcement: ReadonlySignal<string>;
  /** Whether the server serves this browser as this display, and the enrol form's states. */
  readonly enrolment: EnrolmentState;
  /** A fixed text in the rotating language. */
  label(key: DisplayKey, params?: Record<string, string | number>): string;
  start(): void;
  stop(): void;
}

export function createDisplayState(deps: DisplayStateDeps): DisplayState {
  const { api, display, connect, timers, catalogs } = deps;
  const rotateEveryMs = deps.rotateEveryMs ?? 5_000;
  const highlightForMs = deps.highlightForMs ?? 8_000;
  const recheckMinMs = deps.recheckMinMs ?? 2_000;
  const recheckMaxMs = deps.recheckMaxMs ?? 30_000;
  const refusedRecheckMs = deps.refusedRecheckMs ?? 60_000;

  const bootstrap = signal<DisplayBootstrap | null>(null);
  const config = signal<DisplayConfig | null>(null);
  const zone = signal<string | null>(null);
  const serverBoard = signal<Board | null>(null);
  const liveCalls = signal<CallEvent[]>([]);
  const connected = signal(false);
  const turn = signal(0);
  const highlighted = signal<string | null>(null);
  const testCall = signal<CallEvent | null>(null);
  const chimes = signal(0);
  const announcement = signal('');

  const board = computed(() => {
    const z = zone.value;
    if (!z) return null;
    const base = serverBoard.value ?? (liveCalls.value.length ? emptyBoard(z) : null);
    return base ? withLiveCalls(base, liveCalls.value) : null;
  });
  const languages = computed(() => config.value?.languages ?? DEFAULT_LANGUAGES);
  /** The written languages of the config: one without a catalog (a sign language) is left out. */
  const rotation = computed(() => {
    const written = languages.value.filter((c) => c in catalogs);
    return written.length ? written : ['sv'];
  });
  const language = computed(() => infoOf(rotation.value[turn.value % rotation.value.length]!));
  const primaryLanguage = computed(() => languages.value[0] ?? 'sv');
  const layout = computed<DisplayLayout>(() => config.value?.layout ?? 'landscape');
  const showStaffName = computed(() => config.value?.showStaffName ?? false);

  const enrolment = createEnrolmentState({
    device: { kind: 'display', id: display },
    enrol: (code) => api.enrol(display, code),
    reload: deps.reload ?? (() => undefined),
  });

  const announcements = createAnnouncements({ chime: deps.chime, speech: deps.speech, onChime: () => { chimes.value++; } });

  let link: BrokerLink | null = null;
  let stopped = false;
  let bootTimer: number | undefined;
  let rotateTimer: number | undefined;
  let highlightTimer: number | undefined;
  let testTimer: number | undefined;
  let announceTimer: number | undefined;
  let recheckTimer: number | undefined;
  let recheckDelay = recheckMinMs;
  const heard: string[] = [];

  function topicsFor(boot: DisplayBootstrap, z: string): string[] {
    return [topics.displayConfig(boot.site, boot.display), topics.calls(boot.site), topics.zoneBoard(boot.site, z)];
  }

  /** A new zone: forget the old zone's board and listen to the new one's, without a reload. */
  function moveTo(z: string): void {
    const boot = bootstrap.value;
    batch(() => {
      zone.value = z;
      serverBoard.value = null;
      liveCalls.value = [];
      highlighted.value = null;
    });
    if (boot) link?.listen(topicsFor(boot, z));
  }

  function onConfig(payload: Uint8Array): void {
    const decoded = decodePayload(checkConfig, payload);
    if (!decoded.ok) return console.warn(`display: invalid config ignored: ${describeIssues(decoded.issues)}`);
    const cfg = decoded.value;
    if (cfg.display !== display) return console.warn(`display: config for ${cfg.display} ignored (this is ${display})`);
    const before = config.value;
    batch(() => {
      config.value = cfg;
      if (before?.languages.join() !== cfg.languages.join()) turn.value = 0;
    });
    if (cfg.zone !== zone.value) moveTo(cfg.zone);
  }

  function onBoard(payload: Uint8Array): void {
    const decoded = decodePayload(checkBoard, payload);
    if (!decoded.ok) return console.warn(`display: invalid board ignored: ${describeIssues(decoded.issues)}`);
    if (decoded.value.zone !== zone.value) return console.warn(`display: board for zone ${decoded.value.zone} ignored (showing ${zone.value})`);
    serverBoard.value = decoded.value;
  }

  /** "Nummer B 42, Disk 3" in Swedish, then in the ticket's language when there is a catalog for it. */
  function phrasesFor(call: CallEvent): Phrase[] {
    const say = (lang: string): Phrase => ({
      lang, text: text(catalogs, lang, 'display.callAnnouncement', { ticket: spokenTicket(call.ticket), point: pick(call.servicePointName, lang) }),
    });
    const lang = call.language;
    return lang && lang !== 'sv' && lang in catalogs ? [say('sv'), say(lang)] : [say('sv')];
  }

  function announce(call: CallEvent): void {
    const cfg = config.value;
    void announcements.announce({
      chime: cfg?.chime ?? true, speech: cfg?.speech ?? false, volume: cfg?.volume ?? 0.8, phrases: phrasesFor(call),
    });
    // Cleared first, so a screen reader announces a recall of the same text again.
    const lang = primaryLanguage.value;
    announcement.value = '';
    timers.clearTimeout(announceTimer);
    announceTimer = timers.setTimeout(() => {
      announcement.value = text(catalogs, lang, 'display.callAnnouncement', { ticket: call.ticket, point: pick(call.servicePointName, lang) });
    }, 100);
  }

  function onCall(payload: Uint8Array, retained: boolean): void {
    const decoded = decodePayload(checkCall, payload);
    if (!decoded.ok) return console.warn(`display: invalid call event ignored: ${describeIssues(decoded.issues)}`);
    const call = decoded.value;
    const z = zone.value;
    if (retained || !z || !call.zones.includes(z)) return;
    // The same event twice (a broker that sends at QoS 1 anyway may repeat one) chimes once;
    // a recall is a new event (its own time).
    const key = `${call.id}@${call.at}`;
    if (heard.includes(key)) return;
    heard.push(key);
    if (heard.length > 50) heard.shift();

    if (call.test) {
      testCall.value = call;
      timers.clearTimeout(testTimer);
      testTimer = timers.setTimeout(() => { testCall.value = null; }, highlightForMs);
    } else {
      const newest = Date.parse(call.at);
      batch(() => {
        liveCalls.value = [...liveCalls.value.filter((e) => newest - Date.parse(e.at) < LIVE_CALLS_MS), call].slice(-20);
        highlighted.value = call.id;
      });
      timers.clearTimeout(highlightTimer);
      highlightTimer = timers.setTimeout(() => { highlighted.value = null; }, highlightForMs);
    }
    announce(call);
  }

  function connectTo(boot: DisplayBootstrap): void {
    zone.value = boot.zone;
    const configTopic = topics.displayConfig(boot.site, boot.display);
    const callsTopic = topics.calls(boot.site);
    link = connect({ path: boot.mqtt.path, ...(boot.mqtt.username ? { username: boot.mqtt.username } : {}) }, {
      onConnect: () => { connected.value = true; stopRechecking(); },
      onDisconnect: () => { connected.value = false; recheckSoon(); },
      onMessage: (topic, payload, retained) => {
        if (topic === configTopic) onConfig(payload);
        else if (topic === callsTopic) onCall(payload, retained);
        else if (zone.value && topic === topics.zoneBoard(boot.site, zone.value)) onBoard(payload);
        // Anything else is a zone this display has just left.
      },
    });
    link.listen(topicsFor(boot, boot.zone));
    // A link that never comes up is checked like one that went down.
    recheckSoon();
  }

  function stopRechecking(): void {
    timers.clearTimeout(recheckTimer);
    recheckTimer = undefined;
    recheckDelay = recheckMinMs;
  }

  /** While the link is down: ask the bootstrap after a while whether the server still serves this display. */
  function recheckSoon(): void {
    if (stopped || recheckTimer !== undefined) return;
    recheckTimer = timers.setTimeout(() => void recheck(), recheckDelay);
  }

  async function recheck(): Promise<void> {
    recheckTimer = undefined;
    if (stopped || connected.value || !link) return;
    try {
      await api.bootstrap(display);
    } catch (err) {
      if (stopped) return;
      if (enrolment.note(err)) return cutOff();
      // Away or restarting: the board stays with its "connecting" badge, as before.
    }
    if (stopped || connected.value || !link) return;
    recheckDelay = Math.min(recheckDelay * 2, recheckMaxMs);
    recheckSoon();
  }

  /** Refused: no more link, the enrol screen; ask again now and then by itself. */
  function cutOff(): void {
    console.warn(`display: the server no longer serves ${display} (${enrolment.refusal.value?.kind}); showing the enrol screen`);
    link?.stop();
    link = null;
    connected.value = false;
    stopRechecking();
    timers.clearTimeout(bootTimer);
    bootTimer = timers.setTimeout(() => void boot(), refusedRecheckMs);
  }

  async function boot(delayMs = 1_000): Promise<void> {
    try {
      const result = await api.bootstrap(display);
      if (stopped) return;
      enrolment.served();
      bootstrap.value = result;
      link?.stop();
      connectTo(result);
    } catch (err) {
      if (stopped) return;
      if (enrolment.note(err)) {
        bootTimer = timers.setTimeout(() => void boot(), refusedRecheckMs);
        return;
      }
      console.warn(`display: bootstrap failed, retrying in ${delayMs} ms`, err);
      bootTimer = timers.setTimeout(() => void boot(Math.min(delayMs * 2, 30_000)), delayMs);
    }
  }

  return {
    bootstrap, config, board, zone, layout, connected, language, primaryLanguage, highlighted, testCall, chimes, showStaffName, announcement, enrolment,

    label(key, params) {
      return text(catalogs, language.value.code, key, params);
    },

    start() {
      stopped = false;
      void boot();
      rotateTimer = timers.setInterval(() => {
        if (rotation.value.length > 1) turn.value = (turn.value + 1) % rotation.value.length;
      }, rotateEveryMs);
    },

    stop() {
      stopped = true;
      link?.stop();
      link = null;
      connected.value = false;
      stopRechecking();
      timers.clearTimeout(bootTimer);
      timers.clearTimeout(highlightTimer);
      timers.clearTimeout(testTimer);
      timers.clearTimeout(announceTimer);
      timers.clearInterval(rotateTimer);
    },
  };
}
