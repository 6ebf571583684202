/**
 * Who may read and write which topics. Pure: the filters are data, matching is
 * topic-filter algebra, so it is tested without a broker. Three kinds of client:
 *
 * - a browser of a signed-in staff member (over the WebSocket gate): reads by role, never writes;
 * - an enrolled device (a display, kiosk or bridge): reads and writes only its own topics on
 *   its own site, as DESIGN §7 says (a display reads its zone, a bridge its printers);
 * - anyone else on an open (demo) site's WebSocket: only what a wall display shows.
 */
import { TOPIC_ROOT, type Role } from '@entre/protocol';

/** Topic patterns (MQTT filters) under `entre/v1/<site>/`, by who reads them. */
const PUBLIC = ['calls', 'zones/+/board', 'displays/+/config', 'queues/+/summary'];
const BY_ROLE: Record<Role, string[]> = {
  counter: [...PUBLIC],
  reception: [...PUBLIC, 'devices/+/availability'],
  facility: [...PUBLIC, 'printers/+/status', 'devices/+/availability'],
  manager: [...PUBLIC, 'devices/+/availability'],
  admin: ['#'],
};

export type DeviceKind = 'kiosk' | 'display' | 'bridge';

/** What an enrolled device is and drives: the ACL follows from this alone. */
export interface DeviceScope {
  kind: DeviceKind;
  id: string;
  site: string;
  /** A display's zone. */
  zone?: string;
  /** A bridge's printers and counters (keypads and LED signs). */
  printers?: readonly string[];
  counters?: readonly string[];
}

export type Audience = { roles: readonly Role[] } | { device: DeviceScope };

const under = (site: string, rel: string) => `${TOPIC_ROOT}/${site}/${rel}`;

function deviceReads(d: DeviceScope): string[] {
  switch (d.kind) {
    case 'display':
      return ['calls', 'queues/+/summary', `displays/${d.id}/config`, ...(d.zone ? [`zones/${d.zone}/board`] : [])];
    case 'kiosk':
      return ['queues/+/summary'];
    case 'bridge':
      // The calls feed the counters' LED signs.
      return [...(d.printers ?? []).map((p) => `printers/${p}/jobs`), ...((d.counters ?? []).length > 0 ? ['calls'] : [])];
  }
}

function deviceWrites(d: DeviceScope): string[] {
  const own = [`devices/${d.id}/availability`];
  if (d.kind !== 'bridge') return own;
  return [
    ...own,
    ...(d.printers ?? []).flatMap((p) => [`printers/${p}/results`, `printers/${p}/status`]),
    ...(d.counters ?? []).map((c) => `counters/${c}/keypad`),
  ];
}

/** The filters this audience may subscribe to, or any narrower filter of them. */
export function readableFilters(audience: Audience | null): string[] {
  if (audience && 'device' in audience) return deviceReads(audience.device).map((r) => under(audience.device.site, r));
  const rel = audience ? [...new Set(audience.roles.flatMap((r) => BY_ROLE[r] ?? []))] : PUBLIC;
  return rel.map((r) => `${TOPIC_ROOT}/+/${r}`);
}

/** The exact topics an enrolled device may publish to (its availability, and a bridge's reports). */
export function writableTopics(device: DeviceScope): string[] {
  return deviceWrites(device).map((r) => under(device.site, r));
}

/**
 * True when every topic `requested` can match is matched by `allowed`: the requested
 * filter is the allowed one or narrower. `+` in a request is only covered by `+` or `#`;
 * `#` in a request only by `#`.
 */
export function covers(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < r.length; i++) {
    const al = a[i];
    if (al === undefined) return false;
    if (al === '#') return true;
    const rl = r[i]!;
    if (rl === '#') return false;
    if (al === '+') continue;
    if (rl === '+' || rl !== al) return false;
  }
  return a.length === r.length;
}

export function mayRead(audience: Audience | null, requested: string): boolean {
  if (requested.startsWith('$')) return false;
  return readableFilters(audience).some((f) => covers(f, requested));
}

/** A device publishes only to its own exact topics (no wildcards in a topic name). */
export function mayWrite(device: DeviceScope, topic: string): boolean {
  return writableTopics(device).includes(topic);
}
