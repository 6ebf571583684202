/**
 * Reception's side of the displays: messages to a zone that expire on their own, the
 * everyday settings of a display (zone, layout, sound), and a test call. Boards are
 * derived: a message only has to be written (or removed) and the zone's board follows;
 * its expiry is a time the app's timer turns into one more board update. Every change
 * (a message posted or taken down, a test call, the settings) writes its staff audit row
 * in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import {
  topics, type AdminDisplayRequest, type CallEvent, type DisplaySettingsRequest, type DisplayStatus, type Localized, type ZoneMessage,
} from '@entre/protocol';
import type { Db } from './db.js';
import type { Announcer, SiteRow } from './announcer.js';
import type { AdminStore } from './admin-store.js';
import type { Actor, StaffStore } from '../auth/staff-store.js';
import type { DisplayRow } from './display-rows.js';
import { EntreError } from '../core/errors.js';

interface MessageRow { id: string; site_id: string; zone_id: string; text_json: string; created_at: string; expires_at: string }

export function createDisplayStore(db: Db, deps: { clock: () => Date; newId?: () => string; onOutbox?: () => void }, parts: { announce: Announcer; admin: AdminStore; staff: Pick<StaffStore, 'audit'> }) {
  const newId = deps.newId ?? randomUUID;
  const q = {
    site: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    sites: db.prepare<[], { id: string }>('SELECT id FROM sites ORDER BY id'),
    zone: db.prepare<[string, string], { id: string }>('SELECT id FROM zones WHERE site_id = ? AND id = ?'),
    insert: db.prepare(`INSERT INTO zone_messages (id, site_id, zone_id, text_json, created_at, expires_at, created_by)
      VALUES (@id, @site, @zone, @text, @at, @expires, @by)`),
    message: db.prepare<[string], MessageRow & { removed_at: string | null }>('SELECT * FROM zone_messages WHERE id = ?'),
    live: db.prepare<[string, string], MessageRow>(`SELECT * FROM zone_messages WHERE site_id = ? AND removed_at IS NULL AND expires_at > ?
      ORDER BY zone_id, created_at DESC`),
    remove: db.prepare('UPDATE zone_messages SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
    nextExpiry: db.prepare<[string], { site_id: string; expires_at: string }>(`SELECT site_id, expires_at FROM zone_messages
      WHERE removed_at IS NULL AND expires_at > ? ORDER BY expires_at LIMIT 1`),
    display: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE id = ?'),
    displays: db.prepare<[string], DisplayRow>('SELECT * FROM displays WHERE site_id = ? ORDER BY id'),
  };

  const view = (m: MessageRow): ZoneMessage => ({
    id: m.id, zone: m.zone_id, text: JSON.parse(m.text_json) as Localized, createdAt: m.created_at, expiresAt: m.expires_at,
  });
  const status = (d: DisplayRow): DisplayStatus => ({
    id: d.id, name: d.name, zone: d.zone_id, layout: d.layout, volume: d.volume, chime: d.chime === 1, speech: d.speech === 1,
    showStaffName: d.show_staff_name === 1, languages: JSON.parse(d.languages_json) as string[],
  });

  function siteOf(wanted?: string): SiteRow {
    const id = wanted ?? (q.sites.all().length === 1 ? q.sites.all()[0]!.id : undefined);
    const site = id ? q.site.get(id) : undefined;
    if (!site) throw new EntreError('ENTRE_VALIDATION', 'This server has several sites: say which one with ?site=.');
    return site;
  }

  return {
    /** `by.name`: how the message records its author (`staff:<username>`). */
    post(zone: string, text: Localized, minutes: number, by: Actor & { name: string }, siteId?: string): ZoneMessage {
      const site = siteOf(siteId);
      if (!q.zone.get(site.id, zone)) throw new EntreError('ENTRE_UNKNOWN_ZONE', `There is no zone "${zone}".`);
      if (!text['sv']?.trim()) throw new EntreError('ENTRE_VALIDATION', 'A message needs its Swedish text.', [{ path: '/text/sv', message: 'required' }]);
      const at = deps.clock();
      const id = newId();
      const expires = new Date(at.getTime() + minutes * 60_000).toISOString();
      db.transaction(() => {
        q.insert.run({ id, site: site.id, zone, text: JSON.stringify(text), at: at.toISOString(), expires, by: by.name });
        parts.announce.boards(site, at, [zone]);
        parts.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'display.message.post', target: id, details: { site: site.id, zone, text, minutes, expiresAt: expires } });
      }).immediate();
      return view(q.message.get(id)!);
    },

    live(siteId?: string): ZoneMessage[] {
      return q.live.all(siteOf(siteId).id, deps.clock().toISOString()).map(view);
    },

    /** Takes a message down early; one already down changes nothing and is not audited again. */
    remove(id: string, by: Actor): void {
      const m = q.message.get(id);
      if (!m) throw new EntreError('ENTRE_NOT_FOUND', 'There is no such message.');
      const at = deps.clock();
      db.transaction(() => {
        if (q.remove.run(at.toISOString(), id).changes === 0) return;
        parts.announce.boards(q.site.get(m.site_id)!, at, [m.zone_id]);
        parts.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'display.message.remove', target: id, details: { site: m.site_id, zone: m.zone_id } });
      }).immediate();
    },

    /** The next instant a message runs out, and where: the app's timer updates that board then. */
    nextExpiry(): { site: string; at: Date } | null {
      const r = q.nextExpiry.get(deps.clock().toISOString());
      return r ? { site: r.site_id, at: new Date(r.expires_at) } : null;
    },

    displays(siteId?: string): DisplayStatus[] {
      return q.displays.all(siteOf(siteId).id).map(status);
    },

    /** Reception's settings over what the admin configured; the display follows from its retained config. */
    settings(id: string, change: DisplaySettingsRequest, by: Actor): DisplayStatus {
      const d = q.display.get(id);
      if (!d) throw new EntreError('ENTRE_NOT_FOUND', `There is no display "${id}".`);
      const body: AdminDisplayRequest = {
        zone: change.zone ?? d.zone_id, name: d.name, languages: JSON.parse(d.languages_json) as string[],
        chime: change.chime ?? d.chime === 1, volume: change.volume ?? d.volume, layout: change.layout ?? d.layout,
        speech: change.speech ?? d.speech === 1, showStaffName: change.showStaffName ?? d.show_staff_name === 1,
      };
      parts.admin.putDisplay(d.site_id, id, body, by);
      return status(q.display.get(id)!);
    },

    /** A call that is not one: the display chimes and speaks it, and leaves its board alone. */
    testCall(id: string, by: Actor): CallEvent {
      const d = q.display.get(id);
      if (!d) throw new EntreError('ENTRE_NOT_FOUND', `There is no display "${id}".`);
      const at = deps.clock();
      const event: CallEvent = {
        v: 1, at: at.toISOString(), id: `test-${newId()}`.slice(0, 64), ticket: 'T000', service: 'test', servicePoint: 'test',
        servicePointName: { sv: 'Provanrop', en: 'Test call' }, zones: [d.zone_id], recall: false, test: true,
      };
      db.transaction(() => {
        parts.announce.outbox(topics.calls(d.site_id), event, 1, false, at);
        parts.staff.audit({ staffId: by.staffId, ip: by.ip, action: 'display.test_call', target: d.id, details: { site: d.site_id, zone: d.zone_id, call: event.id } });
      }).immediate();
      deps.onOutbox?.();
      return event;
    },
  };
}

export type DisplayStore = ReturnType<typeof createDisplayStore>;
