/**
 * Availability for the lobby's browser devices, which cannot publish their own (the
 * WebSocket gate lets browsers read only): the server reports it for them. A display is
 * online while its MQTT WebSocket is open; a kiosk while its heartbeats keep coming. The
 * report is the same retained `devices/{id}/availability` a bridge publishes, so facility
 * and reception see every kind of device one way.
 *
 * Nothing here authenticates the device: the callers do. On an enrolled site the display's
 * socket and the kiosk's heartbeat carry its enrolled secret (device-auth.ts, websocket.ts);
 * on an open (demo) site the id is what the page says it is.
 */
import type { Availability } from '@entre/protocol';

export interface PresenceDeps {
  clock: () => Date;
  /** How long a heartbeat keeps a device online. */
  ttlMs: number;
  report(site: string, availability: Availability): void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

interface Entry { holds: number; beatUntil: number; online: boolean | null; timer: unknown }

export function createPresence(deps: PresenceDeps) {
  const set = deps.setTimeout ?? ((fn, ms) => { const t = setTimeout(fn, ms); t.unref(); return t; });
  const clear = deps.clearTimeout ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  const entries = new Map<string, Entry & { site: string; device: string }>();

  function entry(site: string, device: string) {
    const key = `${site}\u0000${device}`;
    let e = entries.get(key);
    if (!e) { e = { site, device, holds: 0, beatUntil: 0, online: null, timer: undefined }; entries.set(key, e); }
    return e;
  }

  /** Reports a change of state only; re-arms the expiry while only heartbeats hold it. */
  function settle(e: Entry & { site: string; device: string }): void {
    const now = deps.clock().getTime();
    const online = e.holds > 0 || e.beatUntil > now;
    clear(e.timer);
    e.timer = undefined;
    if (online && e.holds === 0) e.timer = set(() => settle(e), e.beatUntil - now);
    if (online === e.online) return;
    e.online = online;
    deps.report(e.site, { v: 1, at: new Date(now).toISOString(), device: e.device, state: online ? 'online' : 'offline' });
  }

  return {
    /** A held connection: online until the returned release is called (once; more calls do nothing). */
    hold(site: string, device: string): () => void {
      const e = entry(site, device);
      e.holds++;
      settle(e);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        e.holds--;
        settle(e);
      };
    },

    /** A heartbeat: online now and for ttlMs more. */
    beat(site: string, device: string): void {
      const e = entry(site, device);
      e.beatUntil = deps.clock().getTime() + deps.ttlMs;
      settle(e);
    },

    /**
     * After a restart: a device last known online gets ttlMs to show up again, and is
     * reported offline if it does not (it may have gone while the server was down).
     */
    expectBack(site: string, device: string): void {
      const e = entry(site, device);
      if (e.online !== null) return;
      e.online = true;
      e.beatUntil = deps.clock().getTime() + deps.ttlMs;
      settle(e);
    },

    close(): void {
      for (const e of entries.values()) clear(e.timer);
      entries.clear();
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
