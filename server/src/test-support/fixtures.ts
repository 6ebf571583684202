import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../store/db.js';
import { createLobbyStore, type LobbyStore, type StoreDeps } from '../store/lobby-store.js';
import { seedDemo } from '../store/seed.js';
import { createAnnouncer } from '../store/announcer.js';
import { createContactStore, type ContactStore } from '../store/contact-store.js';
import { createAgentStore, type AgentStore } from '../store/agent-store.js';

/** A settable clock: the only fake the core and store tests use. */
export function manualClock(start: string | Date) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (at: string | Date) => { now = new Date(at); },
    advance: (ms: number) => { now = new Date(now.getTime() + ms); },
  };
}

export function sequentialIds(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(6, '0')}`;
}

/** A real SQLite file in a temp folder with the demo seeded; remove() deletes it. */
export interface TempStore { db: Db; store: LobbyStore; contacts: ContactStore; agents: AgentStore; path: string; dir: string; remove(): void }

export function tempDemoStore(clock: () => Date, extra: Partial<StoreDeps> = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'entre-store-'));
  const path = join(dir, 'entre.db');
  const db = openDatabase(path);
  seedDemo(db, 'http://kiosk.test');
  const deps = { clock, newId: sequentialIds(), ...extra };
  const store = createLobbyStore(db, deps);
  const contacts = createContactStore(db, deps, createAnnouncer(db));
  const agents = createAgentStore(db, deps, contacts);
  return { db, store, contacts, agents, path, dir, remove: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}
