/**
 * What the wall display shows, as signals, fed by retained MQTT state. Created once in
 * main.tsx with its ports (API, broker, chime, clock) and provided through context.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  Board, CallEvent, DisplayConfig, lightChecker, decodePayload, describeIssues, pick, t, topics, visitorLanguages,
  type BoardCall, type DisplayBootstrap, type LanguageInfo, type Localized,
} from '@entre/protocol';
import type { DisplayApi } from '../lib/api.js';
import type { ConnectBroker, BrokerLink } from '../lib/broker.js';
import type { Chime } from '../lib/chime.js';
import type { Timers } from '@entre/web-common/timers';

const checkBoard = lightChecker(Board);
const checkConfig = lightChecker(DisplayConfig);
const checkCall = lightChecker(CallEvent);

const DEFAULT_LANGUAGES = ['sv', 'en'];

export interface DisplayStateDeps {
  api: DisplayApi;
  display: string;
  connect: ConnectBroker;
  chime: Chime;
  timers: Timers;
  rotateEveryMs?: number;
  highlightForMs?: number;
}

export interface DisplayState {
  readonly bootstrap: ReadonlySignal<DisplayBootstrap | null>;
  readonly board: ReadonlySignal<Board | null>;
  readonly config: ReadonlySignal<DisplayConfig | null>;
  readonly connected: ReadonlySignal<boolean>;
  /** The language the labels are shown in right now (rotates). */
  readonly language: ReadonlySignal<LanguageInfo>;
  /** The site's first language: announcements for screen readers use it. */
  readonly primaryLanguage: ReadonlySignal<string>;
  /** Id of the call that just came in, for a few seconds. */
  readonly highlighted: ReadonlySignal<string | null>;
  /** Text of the last announcement for the assertive live region. */
  readonly announcement: ReadonlySignal<string>;
  start(): void;
  stop(): void;
}

interface Announceable { id: string; ticket: string; servicePointName: Localized }

function languageInfo(code: string): LanguageInfo {
  return visitorLanguages.find((l) => l.code === code) ?? { code, name: code, dir: 'ltr' };
}

export function createDisplayState(deps: DisplayStateDeps): DisplayState {
  const { api, display, connect, chime, timers } = deps;
  const rotateEveryMs = deps.rotateEveryMs ?? 8_000;
  const highlightForMs = deps.highlightForMs ?? 6_000;

  const bootstrap = signal<DisplayBootstrap | null>(null);
  const board = signal<Board | null>(null);
  const config = signal<DisplayConfig | null>(null);
  const connected = signal(false);
  const turn = signal(0);
  const highlighted = signal<string | null>(null);
  const announcement = signal('');

  const languages = computed(() => config.value?.languages ?? DEFAULT_LANGUAGES);
  const language = computed(() => languageInfo(languages.value[turn.value % languages.value.length] ?? 'sv'));
  const primaryLanguage = computed(() => languages.value[0] ?? 'sv');

  let link: BrokerLink | null = null;
  let stopped = false;
  let bootTimer: number | undefined;
  let rotateTimer: number | undefined;
  let highlightTimer: number | undefined;
  let announceTimer: number | undefined;
  let lastAnnounced: { id: string; at: number } | null = null;

  const callKey = (call: BoardCall | undefined) => (call ? `${call.id}@${call.calledAt}` : '');

  function announce(call: Announceable): void {
    const now = timers.now();
    // The board and the call event both report one call: chime once.
    if (lastAnnounced && lastAnnounced.id === call.id && now - lastAnnounced.at < 5_000) return;
    lastAnnounced = { id: call.id, at: now };

    const cfg = config.value;
    if (cfg?.chime ?? true) chime.play(cfg?.volume ?? 0.8);

    highlighted.value = call.id;
    timers.clearTimeout(highlightTimer);
    highlightTimer = timers.setTimeout(() => { highlighted.value = null; }, highlightForMs);

    // Clear first so a screen reader announces a recall of the same text again.
    const lang = primaryLanguage.value;
    announcement.value = '';
    timers.clearTimeout(announceTimer);
    announceTimer = timers.setTimeout(() => {
      announcement.value = t(lang, 'display.callAnnouncement', { ticket: call.ticket, point: pick(call.servicePointName, lang) });
    }, 100);
  }

  function onBoard(payload: Uint8Array, retained: boolean, zone: string): void {
    const decoded = decodePayload(checkBoard, payload);
    if (!decoded.ok) return console.warn(`display: invalid board ignored: ${describeIssues(decoded.issues)}`);
    const next = decoded.value;
    if (next.zone !== zone) return console.warn(`display: board for zone ${next.zone} ignored (showing ${zone})`);
    const before = board.value;
    board.value = next;
    const first = next.calls[0];
    // Retained state replayed on (re)connect is not news: render it, do not chime.
    if (!retained && first && callKey(first) !== callKey(before?.calls[0])) announce(first);
  }

  function onConfig(payload: Uint8Array): void {
    const decoded = decodePayload(checkConfig, payload);
    if (!decoded.ok) return console.warn(`display: invalid config ignored: ${describeIssues(decoded.issues)}`);
    batch(() => {
      config.value = decoded.value;
      turn.value = 0;
    });
  }

  function onCall(payload: Uint8Array, retained: boolean, zone: string): void {
    const decoded = decodePayload(checkCall, payload);
    if (!decoded.ok) return console.warn(`display: invalid call event ignored: ${describeIssues(decoded.issues)}`);
    if (retained || !decoded.value.zones.includes(zone)) return;
    announce(decoded.value);
  }

  function connectTo(boot: DisplayBootstrap): void {
    const boardTopic = topics.zoneBoard(boot.site, boot.zone);
    const configTopic = topics.displayConfig(boot.site, boot.display);
    const callsTopic = topics.calls(boot.site);
    link = connect(
      { path: boot.mqtt.path, username: boot.mqtt.username, topics: [boardTopic, configTopic, callsTopic] },
      {
        onConnect: () => { connected.value = true; },
        onDisconnect: () => { connected.value = false; },
        onMessage: (topic, payload, retained) => {
          if (topic === boardTopic) onBoard(payload, retained, boot.zone);
          else if (topic === configTopic) onConfig(payload);
          else if (topic === callsTopic) onCall(payload, retained, boot.zone);
        },
      },
    );
  }

  async function boot(delayMs = 1_000): Promise<void> {
    try {
      const result = await api.bootstrap(display);
      if (stopped) return;
      bootstrap.value = result;
      connectTo(result);
    } catch (err) {
      console.warn(`display: bootstrap failed, retrying in ${delayMs} ms`, err);
      if (stopped) return;
      bootTimer = timers.setTimeout(() => void boot(Math.min(delayMs * 2, 30_000)), delayMs);
    }
  }

  return {
    bootstrap,
    board,
    config,
    connected,
    language,
    primaryLanguage,
    highlighted,
    announcement,

    start() {
      stopped = false;
      void boot();
      rotateTimer = timers.setInterval(() => {
        if (languages.value.length > 1) turn.value = (turn.value + 1) % languages.value.length;
      }, rotateEveryMs);
    },

    stop() {
      stopped = true;
      link?.stop();
      link = null;
      connected.value = false;
      timers.clearTimeout(bootTimer);
      timers.clearTimeout(highlightTimer);
      timers.clearTimeout(announceTimer);
      timers.clearInterval(rotateTimer);
    },
  };
}
