/**
 * Who may read which topics from a browser (MQTT over WebSocket): a signed-in staff
 * member by role, anyone else (a display, until devices enrol with their own
 * credentials) only what a wall display shows. Pure: the filters are data, matching is
 * topic-filter algebra, so it is tested without a broker.
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

export interface Audience { roles: readonly Role[] }

/** The filters this audience may subscribe to, or any narrower filter of them. */
export function readableFilters(audience: Audience | null): string[] {
  const rel = audience ? [...new Set(audience.roles.flatMap((r) => BY_ROLE[r] ?? []))] : PUBLIC;
  return rel.map((r) => `${TOPIC_ROOT}/+/${r}`);
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
