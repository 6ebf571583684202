/**
 * The "Skärmar" section's state: the displays with their settings and availability, the
 * site's zones, and reception's messages that are showing now. One factory over the
 * console's `Http`; it reports what it did through the page's status line (`say`).
 */
import { batch, signal } from '@preact/signals';
import {
  CallEvent, DeviceList, DisplayStatus, DisplayStatusList, ZoneList, ZoneMessage, ZoneMessageList, lightChecker,
  type DeviceView, type DisplaySettingsRequest, type ZoneView,
} from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { createPoller } from '../../lib/poll.js';
import { describeError } from './reception-state.js';
import { timeOf } from './format.js';
import { dx, rx } from './strings.js';

const checkDisplays = lightChecker(DisplayStatusList);
const checkDisplay = lightChecker(DisplayStatus);
const checkDevices = lightChecker(DeviceList);
const checkZones = lightChecker(ZoneList);
const checkMessages = lightChecker(ZoneMessageList);
const checkMessage = lightChecker(ZoneMessage);
const checkCall = lightChecker(CallEvent);

/** How often the displays, their availability and the messages are read again. */
/** A safety net only: changes arrive over the live link (lib/live.ts). */
export const DISPLAYS_POLL_MS = 30_000;

/** How long a message may show, in minutes, as reception picks it. */
export const MESSAGE_MINUTES = [5, 15, 30, 60, 120, 480] as const;

export type Say = (text: string, undo?: () => Promise<void>) => void;

/** The settings of `d` that `change` touches, as they are now: what an undo puts back. */
export function previousOf(d: DisplayStatus, change: DisplaySettingsRequest): DisplaySettingsRequest {
  const before: DisplaySettingsRequest = {};
  if (change.zone !== undefined) before.zone = d.zone;
  if (change.layout !== undefined) before.layout = d.layout;
  if (change.volume !== undefined) before.volume = d.volume;
  if (change.chime !== undefined) before.chime = d.chime;
  if (change.speech !== undefined) before.speech = d.speech;
  if (change.showStaffName !== undefined) before.showStaffName = d.showStaffName;
  return before;
}

/** Volume as staff read it: whole percent. */
export const percentOf = (volume: number) => Math.round(volume * 100);

/** One line for the status bar about what changed on display `d` (as it is now). */
export function describeChange(d: DisplayStatus, change: DisplaySettingsRequest, zoneName: (id: string) => string): string {
  const lines: string[] = [];
  if (change.zone !== undefined) lines.push(dx.changed.zone(d.name, zoneName(d.zone)));
  if (change.layout !== undefined) lines.push(dx.changed.layout(d.name, dx.layoutShort[d.layout]));
  if (change.volume !== undefined) lines.push(dx.changed.volume(d.name, percentOf(d.volume)));
  if (change.chime !== undefined) lines.push(dx.changed.chime(d.name, d.chime));
  if (change.speech !== undefined) lines.push(dx.changed.speech(d.name, d.speech));
  if (change.showStaffName !== undefined) lines.push(dx.changed.showStaffName(d.name, d.showStaffName));
  return lines.join(' ');
}

/** Minutes until `expiresAt` by `now`, to the nearest (never negative): 15 right after posting for 15. */
export function minutesLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - now) / 60_000));
}

/**
 * The zones to choose from: the site's list when the server gave one, else every zone a
 * display or a message is in (by id), so the section still works against an older server.
 */
export function zoneChoices(listed: ZoneView[] | null, displays: readonly DisplayStatus[], messages: readonly ZoneMessage[]): ZoneView[] {
  if (listed && listed.length) return [...listed].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const ids = new Set([...displays.map((d) => d.zone), ...messages.map((m) => m.zone)]);
  return [...ids].sort().map((id) => ({ id, name: id }));
}

export function createDisplaysState(http: Http, say: Say, opts: { now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const displays = signal<DisplayStatus[] | null>(null);
  const loadError = signal<string | null>(null);
  /** Availability by device id; null while unknown or where this account may not read it. */
  const devices = signal<Record<string, DeviceView> | null>(null);
  const listedZones = signal<ZoneView[] | null>(null);
  const messages = signal<ZoneMessage[] | null>(null);
  const messagesError = signal<string | null>(null);
  /** Moves on with every poll, so "time left" is redrawn even when nothing else changed. */
  const tick = signal(now());

  const zones = () => zoneChoices(listedZones.value, displays.value ?? [], messages.value ?? []);
  const zoneName = (id: string) => zones().find((z) => z.id === id)?.name ?? id;

  const replace = (d: DisplayStatus) => {
    displays.value = (displays.value ?? []).map((x) => (x.id === d.id ? d : x));
  };

  async function loadDisplays(): Promise<void> {
    try {
      const list = await http.get('/displays', checkDisplays);
      batch(() => { displays.value = list.displays; loadError.value = null; });
    } catch (err) {
      loadError.value = describeError(err);
    }
  }

  async function loadDevices(): Promise<void> {
    try {
      const list = await http.get('/devices', checkDevices);
      devices.value = Object.fromEntries(list.devices.map((d) => [d.id, d]));
    } catch (err) {
      // Refused (an older server keeps availability for facility): show no availability at all.
      if (err instanceof ApiError && err.status === 403) devices.value = null;
    }
  }

  async function loadZones(): Promise<void> {
    try {
      listedZones.value = (await http.get('/zones', checkZones)).zones;
    } catch {
      // No zone list: the choices come from the displays' and messages' own zones.
    }
  }

  async function loadMessages(): Promise<void> {
    try {
      const list = await http.get('/messages', checkMessages);
      batch(() => { messages.value = list.messages; messagesError.value = null; });
    } catch (err) {
      messagesError.value = describeError(err);
    }
  }

  const poller = createPoller(async () => {
    tick.value = now();
    await Promise.all([loadDisplays(), loadDevices(), loadMessages(), listedZones.value ? undefined : loadZones()]);
  }, DISPLAYS_POLL_MS);
  const { refresh } = poller;

  const failed = (err: unknown) => say(`${rx.errorPrefix} ${describeError(err)}`);

  async function put(d: DisplayStatus, change: DisplaySettingsRequest): Promise<DisplayStatus> {
    const after = await http.put(`/displays/${encodeURIComponent(d.id)}/settings`, change, checkDisplay);
    replace(after);
    return after;
  }

  async function remove(m: ZoneMessage): Promise<void> {
    await http.delete(`/messages/${encodeURIComponent(m.id)}`);
    messages.value = (messages.value ?? []).filter((x) => x.id !== m.id);
    void loadMessages();
  }

  return {
    displays, loadError, devices, messages, messagesError, tick, zones, zoneName, refresh,

    start: poller.start,
    stop: poller.stop,

    /** Changes some settings of one display; the status line says what, with an undo. */
    async update(d: DisplayStatus, change: DisplaySettingsRequest): Promise<void> {
      const before = previousOf(d, change);
      try {
        const after = await put(d, change);
        say(describeChange(after, change, zoneName), async () => {
          try {
            const back = await put(after, before);
            say(`${rx.undone} ${describeChange(back, before, zoneName)}`);
          } catch (err) {
            failed(err);
          }
        });
      } catch (err) {
        failed(err);
        // Show the server's values again, not the control's.
        await loadDisplays();
      }
    },

    /** The display's zone hears a chime and a spoken test call; the board is left alone. */
    async testCall(d: DisplayStatus): Promise<void> {
      try {
        await http.post(`/displays/${encodeURIComponent(d.id)}/test-call`, {}, checkCall);
        say(dx.testCalled(d.name, zoneName(d.zone)));
      } catch (err) {
        failed(err);
      }
    },

    /** Throws the API's refusal, so the form shows it beside its fields. */
    async post(zone: string, sv: string, en: string, minutes: number): Promise<ZoneMessage> {
      const text = { sv: sv.trim(), ...(en.trim() ? { en: en.trim() } : {}) };
      const m = await http.post(`/zones/${encodeURIComponent(zone)}/messages`, { text, minutes }, checkMessage);
      messages.value = [m, ...(messages.value ?? []).filter((x) => x.id !== m.id)];
      void loadMessages();
      say(dx.messagePosted(zoneName(zone), timeOf(m.expiresAt)), async () => {
        try {
          await remove(m);
          say(dx.messageUndone);
        } catch (err) {
          failed(err);
        }
      });
      return m;
    },

    /** Final: the message leaves the boards at once (the confirmation is asked first). */
    async remove(m: ZoneMessage): Promise<void> {
      await remove(m);
      say(dx.removed(zoneName(m.zone)));
    },
  };
}

export type DisplaysState = ReturnType<typeof createDisplaysState>;
