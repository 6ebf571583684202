/**
 * Which console pages a staff member may open, and where the address `#/page` leads.
 * Pure, so the rule is tested without a browser; the server enforces the same roles on
 * every API call (this only decides what to show).
 */
import { hasRole, type Role } from '@entre/protocol';

export type PageId = 'counter' | 'reception' | 'facility' | 'manager' | 'admin';

/**
 * In nav order. `roles`: who may open it (admin holds every role); `home`: the role whose
 * holders land here first, so reception lands on reception though it may also use a counter.
 * The admin page is no one's landing page: an admin account still starts where it did.
 */
export const PAGES: readonly { id: PageId; roles: readonly Role[]; home: Role | null }[] = [
  { id: 'counter', roles: ['counter', 'reception'], home: 'counter' },
  { id: 'reception', roles: ['reception'], home: 'reception' },
  { id: 'facility', roles: ['facility'], home: 'facility' },
  { id: 'manager', roles: ['manager'], home: 'manager' },
  { id: 'admin', roles: ['admin'], home: null },
];

export const isPageId = (s: string): s is PageId => PAGES.some((p) => p.id === s);

export function allowedPages(roles: readonly Role[]): PageId[] {
  return PAGES.filter((p) => hasRole(roles, p.roles)).map((p) => p.id);
}

/** The first page of the staff member's own role, else the first they may open; null: none. */
export function landingPage(roles: readonly Role[]): PageId | null {
  const allowed = allowedPages(roles);
  return PAGES.find((p) => allowed.includes(p.id) && p.home !== null && roles.includes(p.home))?.id ?? allowed[0] ?? null;
}

export const hashOf = (page: PageId) => `#/${page}`;

/** `#/counter` → 'counter'; anything else (empty, unknown, extra segments) → null. */
export function pageFromHash(hash: string): PageId | null {
  const m = /^#\/([a-z]+)\/?$/.exec(hash);
  return m && isPageId(m[1]!) ? m[1] : null;
}

export type Route =
  | { kind: 'page'; page: PageId }
  /** A real page this account may not open: say so, do not show it. */
  | { kind: 'forbidden'; page: PageId; landing: PageId | null }
  /** No page or an unknown one: go to the landing page (replacing the address). */
  | { kind: 'redirect'; to: PageId }
  /** Signed in, but no role opens any page. */
  | { kind: 'none' };

export function resolveRoute(hash: string, roles: readonly Role[]): Route {
  const page = pageFromHash(hash);
  const landing = landingPage(roles);
  if (page === null) return landing ? { kind: 'redirect', to: landing } : { kind: 'none' };
  if (!allowedPages(roles).includes(page)) return { kind: 'forbidden', page, landing };
  return { kind: 'page', page };
}
