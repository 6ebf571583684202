/**
 * Versioned schema migrations, one file each, applied in version order; the database's
 * `user_version` records the last one applied. Never edit a shipped migration: add the
 * next one.
 */
import { migration as m0001 } from './0001-skeleton.js';
import { migration as m0002 } from './0002-contacts-agents.js';

export interface Migration { version: number; name: string; sql: string }

export const migrations: Migration[] = [m0001, m0002].sort((a, b) => a.version - b.version);
