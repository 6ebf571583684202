import type { Role } from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import type { StaffStore } from './staff-store.js';

/**
 * DEMO ONLY: one account per role, all with this published password. Seeded only when
 * the server runs in demo mode; never call this for a real site.
 */
export const DEMO_PASSWORD = 'entre-demo-2026';

export const DEMO_STAFF: readonly { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'disk', displayName: 'Disk (demo)', roles: ['counter'] },
  { username: 'reception', displayName: 'Reception (demo)', roles: ['reception'] },
  { username: 'facility', displayName: 'Fastighet (demo)', roles: ['facility'] },
  { username: 'chef', displayName: 'Chef (demo)', roles: ['manager'] },
  { username: 'admin', displayName: 'Admin (demo)', roles: ['admin'] },
];

/** Creates the demo accounts that do not exist yet (by username); returns how many it made. */
export async function seedDemoStaff(
  store: StaffStore,
  agents: readonly { username: string; displayName: string; link(staffId: string): void }[] = [],
): Promise<number> {
  let created = 0;
  // Each demo agent signs in as a counter member of their own and is linked to it.
  for (const a of agents) {
    const existing = store.findByUsername(a.username);
    const made = existing ?? await store.createStaff({ username: a.username, displayName: a.displayName, roles: ['counter'], password: DEMO_PASSWORD }, { staffId: null, ip: null });
    if (!existing) created++;
    a.link(made.id);
  }
  for (const s of DEMO_STAFF) {
    if (store.findByUsername(s.username)) continue;
    try {
      await store.createStaff({ ...s, password: DEMO_PASSWORD }, { staffId: null, ip: null });
      created++;
    } catch (err) {
      // Another process seeding the same file got there first: that is the goal anyway.
      if (!(err instanceof EntreError && err.code === 'ENTRE_USERNAME_TAKEN')) throw err;
    }
  }
  return created;
}
