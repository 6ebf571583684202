import type { AlertKind, AlertView, Availability, DeviceView, PaperState } from '@entre/protocol';
import type { Db } from './db.js';
import type { Actor, StaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import { alertConditions, reconcileAlerts } from '../core/alerts.js';

/** How long an alert stays listed after its condition is gone (new paper, back online). */
export const CLEARED_ALERTS_KEPT_HOURS = 24;
const MAX_ALERTS = 200;

interface AvailabilityRow { device_id: string; state: 'online' | 'offline'; reported_at: string }
interface AlertRow {
  id: string; site_id: string; kind: AlertKind; subject: string; raised_at: string; cleared_at: string | null;
  acknowledged_at: string | null; acknowledged_by_name: string | null;
}

export interface DeviceStoreDeps {
  clock: () => Date;
  newId: () => string;
  staff: Pick<StaffStore, 'audit'>;
}

/**
 * The facility side of the lobby's devices: the availability each device last reported
 * (kiosks, displays, bridges) and the alerts that follow from it and from the printers'
 * status. Alerts are reconciled whenever a device or printer reports and whenever they are
 * read, so one is raised once per occurrence, cleared when the condition goes, and an
 * acknowledgement (who, when) is kept with it.
 */
export function createDeviceStore(db: Db, deps: DeviceStoreDeps) {
  const q = {
    site: db.prepare<[string], { id: string }>('SELECT id FROM sites WHERE id = ?'),
    upsert: db.prepare(`INSERT INTO device_availability (site_id, device_id, state, reported_at, received_at)
      VALUES (@site, @device, @state, @reportedAt, @receivedAt)
      ON CONFLICT (site_id, device_id) DO UPDATE SET state = excluded.state, reported_at = excluded.reported_at, received_at = excluded.received_at
      WHERE excluded.reported_at >= device_availability.reported_at`),
    // In the order received; a report of the state already held keeps its "since".
    upsertArrived: db.prepare(`INSERT INTO device_availability (site_id, device_id, state, reported_at, received_at)
      VALUES (@site, @device, @state, @reportedAt, @receivedAt)
      ON CONFLICT (site_id, device_id) DO UPDATE SET state = excluded.state, received_at = excluded.received_at,
        reported_at = CASE WHEN device_availability.state = excluded.state THEN device_availability.reported_at ELSE excluded.reported_at END`),
    availability: db.prepare<[string], AvailabilityRow>('SELECT device_id, state, reported_at FROM device_availability WHERE site_id = ? ORDER BY device_id'),
    kiosks: db.prepare<[string], { id: string; name: string; printer_id: string | null }>('SELECT id, name, printer_id FROM kiosks WHERE site_id = ? ORDER BY id'),
    displays: db.prepare<[string], { id: string; name: string; zone_id: string }>('SELECT id, name, zone_id FROM displays WHERE site_id = ? ORDER BY id'),
    printers: db.prepare<[string], { id: string; name: string; online: number; paper: PaperState; cover_open: number; status_at: string | null }>(
      'SELECT id, name, online, paper, cover_open, status_at FROM printers WHERE site_id = ? ORDER BY id'),
    openAlerts: db.prepare<[string], { id: string; kind: AlertKind; subject: string }>('SELECT id, kind, subject FROM alerts WHERE site_id = ? AND cleared_at IS NULL'),
    raise: db.prepare('INSERT INTO alerts (id, site_id, kind, subject, raised_at) VALUES (@id, @site, @kind, @subject, @at)'),
    clear: db.prepare('UPDATE alerts SET cleared_at = @at WHERE id = @id AND cleared_at IS NULL'),
    alerts: db.prepare<{ site: string; since: string; limit: number }, AlertRow>(
      `SELECT a.*, s.display_name AS acknowledged_by_name FROM alerts a LEFT JOIN staff s ON s.id = a.acknowledged_by
       WHERE a.site_id = @site AND (a.cleared_at IS NULL OR a.cleared_at >= @since)
       ORDER BY a.cleared_at IS NOT NULL, a.acknowledged_at IS NOT NULL, a.raised_at DESC, a.id LIMIT @limit`),
    alert: db.prepare<[string], AlertRow>(
      'SELECT a.*, s.display_name AS acknowledged_by_name FROM alerts a LEFT JOIN staff s ON s.id = a.acknowledged_by WHERE a.id = ?'),
    acknowledge: db.prepare('UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @by WHERE id = @id AND acknowledged_at IS NULL'),
    kioskSite: db.prepare<[string], { site_id: string }>('SELECT site_id FROM kiosks WHERE id = ?'),
    displaySite: db.prepare<[string], { site_id: string }>('SELECT site_id FROM displays WHERE id = ?'),
    onlineBrowserDevices: db.prepare<[string], { device_id: string }>(
      `SELECT device_id FROM device_availability WHERE site_id = ? AND state = 'online'
       AND (device_id IN (SELECT id FROM kiosks) OR device_id IN (SELECT id FROM displays))`),
  };

  function requireSite(siteId: string): void {
    if (!q.site.get(siteId)) throw new EntreError('ENTRE_NOT_FOUND', `There is no site "${siteId}".`);
  }

  /** Names for the alerts' subjects: printers, kiosks, displays; other devices by their id. */
  function names(siteId: string): Map<string, string> {
    const m = new Map<string, string>();
    for (const d of q.displays.all(siteId)) m.set(d.id, d.name);
    for (const k of q.kiosks.all(siteId)) m.set(k.id, k.name);
    for (const p of q.printers.all(siteId)) m.set(p.id, p.name);
    return m;
  }

  function reconcile(siteId: string): void {
    const printers = q.printers.all(siteId).map((p) => ({
      id: p.id, online: p.online === 1, paper: p.paper, coverOpen: p.cover_open === 1, reported: p.status_at !== null,
    }));
    const devices = q.availability.all(siteId).map((a) => ({ id: a.device_id, state: a.state }));
    db.transaction(() => {
      const { raise, clear } = reconcileAlerts(q.openAlerts.all(siteId), alertConditions(printers, devices));
      if (!raise.length && !clear.length) return;
      const at = deps.clock().toISOString();
      for (const a of clear) q.clear.run({ id: a.id, at });
      for (const c of raise) q.raise.run({ id: deps.newId(), site: siteId, kind: c.kind, subject: c.subject, at });
    }).immediate();
  }

  function view(row: AlertRow, subjectNames: Map<string, string>): AlertView {
    return {
      id: row.id, kind: row.kind, subject: row.subject, subjectName: subjectNames.get(row.subject) ?? row.subject, raisedAt: row.raised_at,
      ...(row.cleared_at ? { clearedAt: row.cleared_at } : {}),
      ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
      ...(row.acknowledged_by_name ? { acknowledgedBy: row.acknowledged_by_name } : {}),
    };
  }

  return {
    /**
     * A device's availability. Kiosks and displays are reported by this server (presence),
     * and MQTT only echoes or replays those reports: by their `at`, an older one never
     * overwrites a newer one. Every other device (a bridge) reports itself, and its offline
     * report is mostly its last will: the broker publishes it when the device vanishes,
     * but it was written, and dated, when the device connected, before the online report
     * that followed. For those the broker's order is the truth (a will from an earlier
     * connection is published before the new connection's online report; a retained one
     * replayed after a restart is the broker's latest word, and a bridge that is alive
     * publishes online again when it reconnects), so reports apply in the order received
     * and an offline one is dated by its arrival.
     */
    applyAvailability(siteId: string, a: Availability): void {
      if (!q.site.get(siteId)) return;
      const received = deps.clock();
      const reportedBy = q.kioskSite.get(a.device)?.site_id === siteId || q.displaySite.get(a.device)?.site_id === siteId ? 'server' : 'device';
      if (reportedBy === 'server') {
        q.upsert.run({ site: siteId, device: a.device, state: a.state, reportedAt: a.at, receivedAt: received.toISOString() });
      } else {
        const at = a.state === 'offline' ? received.toISOString() : a.at;
        q.upsertArrived.run({ site: siteId, device: a.device, state: a.state, reportedAt: at, receivedAt: received.toISOString() });
      }
      reconcile(siteId);
    },

    /** The site of a kiosk or display, or null when there is none by that id. */
    siteOf(kind: 'kiosk' | 'display', id: string): string | null {
      return (kind === 'kiosk' ? q.kioskSite : q.displaySite).get(id)?.site_id ?? null;
    },

    /** Kiosks and displays whose last report was online (the server reports for them: mqtt/presence.ts). */
    onlineBrowserDevices(siteId: string): string[] {
      return q.onlineBrowserDevices.all(siteId).map((r) => r.device_id);
    },

    /** After the lobby store applied a printer's status: raise or clear its alerts. */
    printerStatusChanged(siteId: string): void {
      if (q.site.get(siteId)) reconcile(siteId);
    },

    /** Kiosks and displays (each listed, reported or not), then any other device that reported. */
    devices(siteId: string): DeviceView[] {
      requireSite(siteId);
      const reported = new Map(q.availability.all(siteId).map((a) => [a.device_id, a]));
      const state = (id: string) => {
        const a = reported.get(id);
        reported.delete(id);
        return a ? { state: a.state, since: a.reported_at } : { state: 'unknown' as const };
      };
      const out: DeviceView[] = [];
      for (const k of q.kiosks.all(siteId)) out.push({ id: k.id, kind: 'kiosk', name: k.name, ...(k.printer_id ? { printer: k.printer_id } : {}), ...state(k.id) });
      for (const d of q.displays.all(siteId)) out.push({ id: d.id, kind: 'display', name: d.name, zone: d.zone_id, ...state(d.id) });
      for (const a of [...reported.values()]) out.push({ id: a.device_id, kind: 'other', name: a.device_id, state: a.state, since: a.reported_at });
      return out;
    },

    /** Open alerts first (unacknowledged before acknowledged), then those cleared in the last day. */
    alerts(siteId: string): AlertView[] {
      requireSite(siteId);
      reconcile(siteId);
      const since = new Date(deps.clock().getTime() - CLEARED_ALERTS_KEPT_HOURS * 3600_000).toISOString();
      const subjectNames = names(siteId);
      return q.alerts.all({ site: siteId, since, limit: MAX_ALERTS }).map((r) => view(r, subjectNames));
    },

    /** Someone is on it. Acknowledging twice keeps the first; the alert stays listed. */
    acknowledge(siteId: string, id: string, by: Actor & { staffId: string }): AlertView {
      const row = db.transaction(() => {
        const row = q.alert.get(id);
        if (!row || row.site_id !== siteId) throw new EntreError('ENTRE_NOT_FOUND', `There is no alert "${id}".`);
        if (row.acknowledged_at) return row;
        q.acknowledge.run({ id, at: deps.clock().toISOString(), by: by.staffId });
        deps.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'alert.acknowledge', target: id, details: { kind: row.kind, subject: row.subject } });
        return q.alert.get(id)!;
      }).immediate();
      return view(row, names(siteId));
    },
  };
}

export type DeviceStore = ReturnType<typeof createDeviceStore>;
