/**
 * Staff accounts, sign-in sessions and the audit log on SQLite (migration 3).
 *
 * Passwords are hashed before a transaction starts (scrypt runs on the thread pool), so
 * no transaction ever waits on anything; every change and its audit row commit together.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { checker, ROLES, Username, type AuditEntry, type Role } from '@entre/protocol';
import { EntreError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { createPasswordHasher, dummyHash, type PasswordHasher } from './passwords.js';

/** A session ends 12 h after it was last used … */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** … and 7 days after sign-in however busy it was, so a stolen cookie dies on its own. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Touching a session on every request would turn each read into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StaffRecord {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  siteId: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Who performs a change, for its audit row. `staffId` null: the system or the CLI. */
export interface Actor { staffId: string | null; ip: string | null }

export interface NewStaff {
  username: string;
  displayName: string;
  roles: readonly string[];
  password: string;
  siteId?: string | null;
}

export interface StaffChanges {
  displayName?: string;
  roles?: readonly string[];
  active?: boolean;
  password?: string;
}

export interface AuditInput {
  staffId?: string | null;
  action: string;
  target?: string | null;
  /** Never passwords, tokens or citizens' personal data. */
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

export interface AuditFilters { staffId?: string; action?: string; beforeId?: number }

/** What the browser gets to keep: the token goes into the cookie and nowhere else. */
export interface SessionGrant { token: string; sessionId: string; expiresAt: string }

export interface ActiveSession { sessionId: string; staff: StaffRecord; expiresAt: string }

export type LoginResult =
  | { ok: true; staff: StaffRecord }
  | { ok: false; reason: 'unknown_user' | 'inactive' | 'wrong_password'; staffId: string | null };

export interface StaffStoreDeps {
  clock?: () => Date;
  newId?: () => string;
  /** Tests pass a cheap cost; production uses the default. */
  passwords?: PasswordHasher;
  /**
   * Told, after the commit, the ids (SHA-256 of the token) of sessions that just ended:
   * sign-out, sign-out everywhere, an admin ending them, deactivation, a new password, a
   * new sign-in replacing the old session, expiry. For whoever holds a live link opened
   * with one (the MQTT WebSocket). Must not throw.
   */
  onSessionsEnded?: (sessionIds: string[]) => void;
}

export interface StaffStore {
  createStaff(input: NewStaff, by?: Actor): Promise<StaffRecord>;
  findByUsername(username: string): StaffRecord | null;
  get(id: string): StaffRecord | null;
  list(): StaffRecord[];
  /** Several changes in one transaction and one audit row; a new password or deactivation ends the account's sessions. */
  updateStaff(id: string, changes: StaffChanges, by?: Actor & { keepSessionId?: string }): Promise<StaffRecord>;
  setPassword(id: string, password: string, by?: Actor): Promise<StaffRecord>;
  setRoles(id: string, roles: readonly string[], by?: Actor): Promise<StaffRecord>;
  deactivate(id: string, by?: Actor): Promise<StaffRecord>;
  /** Same work whether or not the user exists, so timing does not tell which usernames are real. */
  checkCredentials(username: string, password: string): Promise<LoginResult>;
  createSession(staffId: string, by?: Actor): SessionGrant;
  /** The live session for a cookie's token, sliding its expiry; null when unknown, expired or the account is inactive. */
  getSessionByToken(token: string): ActiveSession | null;
  deleteSession(token: string, by?: Actor): boolean;
  /**
   * Ends every session of a staff member (sign-out everywhere, an admin's "end sessions");
   * with `audit`, one audit row naming how many ended. Unknown staff: ENTRE_NOT_FOUND.
   */
  deleteAllSessionsFor(staffId: string, audit?: { by: Actor; action: string }): number;
  /** Deletes sessions past their expiry (idle or absolute); answers how many. */
  sweepExpiredSessions(): number;
  audit(entry: AuditInput): number;
  listAudit(limit: number, filters?: AuditFilters): AuditEntry[];
}

interface StaffRow {
  id: string; site_id: string | null; username: string; display_name: string; password_hash: string;
  roles_json: string; active: number; created_at: string; updated_at: string;
}
interface SessionRow { id: string; staff_id: string; created_at: string; expires_at: string; last_seen_at: string }
interface AuditRow { id: number; at: string; staff_id: string | null; action: string; target: string | null; details_json: string | null; ip: string | null }

const checkUsername = checker(Username);

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Known roles only, each once, in the canonical order; anything else is a caller's mistake. */
export function normalizeRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) {
    throw new EntreError('ENTRE_VALIDATION', `Unknown role ${unknown.map((r) => `"${r}"`).join(', ')}; use ${ROLES.join(', ')}.`);
  }
  if (!roles.length) throw new EntreError('ENTRE_VALIDATION', 'A staff member needs at least one role.');
  return ROLES.filter((r) => roles.includes(r));
}

function toRecord(row: StaffRow): StaffRecord {
  const parsed = JSON.parse(row.roles_json) as unknown;
  const roles = Array.isArray(parsed) ? ROLES.filter((r) => parsed.includes(r)) : [];
  return {
    id: row.id, username: row.username, displayName: row.display_name, roles, siteId: row.site_id,
    active: row.active === 1, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id, at: row.at, staff: row.staff_id, action: row.action, target: row.target,
    details: row.details_json === null ? null : (JSON.parse(row.details_json) as Record<string, unknown>), ip: row.ip,
  };
}

export function createStaffStore(db: Db, deps: StaffStoreDeps = {}): StaffStore {
  const clock = deps.clock ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const passwords = deps.passwords ?? createPasswordHasher();
  // Made on first use: hashing at startup would slow every start, tests included.
  let dummy: Promise<string> | undefined;

  const q = {
    staffById: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?'),
    staffByUsername: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE username = ?'),
    staffAll: db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY username'),
    insertStaff: db.prepare(`INSERT INTO staff (id, site_id, username, display_name, password_hash, roles_json, active, created_at, updated_at)
      VALUES (@id, @siteId, @username, @displayName, @passwordHash, @rolesJson, 1, @now, @now)`),
    updateStaff: db.prepare(`UPDATE staff SET display_name = @displayName, roles_json = @rolesJson, active = @active,
      password_hash = @passwordHash, updated_at = @now WHERE id = @id`),
    otherActiveAdmins: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM staff
      WHERE id <> ? AND active = 1 AND EXISTS (SELECT 1 FROM json_each(staff.roles_json) WHERE value = 'admin')`),
    insertSession: db.prepare(`INSERT INTO sessions (id, staff_id, created_at, expires_at, last_seen_at)
      VALUES (@id, @staffId, @now, @expiresAt, @now)`),
    sessionById: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = @now, expires_at = @expiresAt WHERE id = @id'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
    // RETURNING: the ids go to onSessionsEnded once the transaction has committed.
    deleteSessionsOf: db.prepare<[string], { id: string }>('DELETE FROM sessions WHERE staff_id = ? RETURNING id'),
    deleteSessionsOfExcept: db.prepare<[string, string], { id: string }>('DELETE FROM sessions WHERE staff_id = ? AND id <> ? RETURNING id'),
    // expires_at never passes the 7-day end (see getSessionByToken), so this catches both.
    deleteExpired: db.prepare<[string], { id: string }>('DELETE FROM sessions WHERE expires_at <= ? RETURNING id'),
    insertAudit: db.prepare(`INSERT INTO audit_log (at, staff_id, action, target, details_json, ip)
      VALUES (@at, @staffId, @action, @target, @detailsJson, @ip)`),
    listAudit: db.prepare<{ staffId: string | null; action: string | null; beforeId: number | null; limit: number }, AuditRow>(
      `SELECT * FROM audit_log
       WHERE (@staffId IS NULL OR staff_id = @staffId) AND (@action IS NULL OR action = @action) AND (@beforeId IS NULL OR id < @beforeId)
       ORDER BY id DESC LIMIT @limit`),
  };

  const now = () => clock().toISOString();

  /** After a commit: never inside a transaction (the listener may do I/O). */
  function ended(ids: string[]): void {
    if (ids.length) deps.onSessionsEnded?.(ids);
  }

  function writeAudit(entry: AuditInput): number {
    const res = q.insertAudit.run({
      at: now(), staffId: entry.staffId ?? null, action: entry.action, target: entry.target ?? null,
      detailsJson: entry.details ? JSON.stringify(entry.details) : null, ip: entry.ip ?? null,
    });
    return Number(res.lastInsertRowid);
  }

  function mustGet(id: string): StaffRow {
    const row = q.staffById.get(id);
    if (!row) throw new EntreError('ENTRE_NOT_FOUND', `No staff member with id "${id}".`);
    return row;
  }

  function assertUsername(username: string): void {
    if (!checkUsername(username).ok) {
      throw new EntreError('ENTRE_VALIDATION', 'A username has 2–64 characters: letters, digits, ".", "_" and "-", starting with a letter or digit.');
    }
  }

  function assertDisplayName(name: string): void {
    if (!name.trim() || name.length > 100) throw new EntreError('ENTRE_VALIDATION', 'A display name has 1–100 characters.');
  }

  /** The one rule that keeps the service administrable: someone active must remain admin. */
  function assertKeepsAnAdmin(row: StaffRow, roles: Role[], active: boolean): void {
    const wasAdmin = row.active === 1 && toRecord(row).roles.includes('admin');
    const staysAdmin = active && roles.includes('admin');
    if (wasAdmin && !staysAdmin && (q.otherActiveAdmins.get(row.id)?.n ?? 0) === 0) {
      throw new EntreError('ENTRE_LAST_ADMIN', 'This is the last active admin; make someone else admin first.');
    }
  }

  async function createStaff(input: NewStaff, by?: Actor): Promise<StaffRecord> {
    assertUsername(input.username);
    assertDisplayName(input.displayName);
    const roles = normalizeRoles(input.roles);
    if (q.staffByUsername.get(input.username)) throw taken(input.username);
    const passwordHash = await passwords.hash(input.password);
    const id = newId();
    db.transaction(() => {
      // Checked again inside: another request may have taken the name while we hashed.
      if (q.staffByUsername.get(input.username)) throw taken(input.username);
      q.insertStaff.run({
        id, siteId: input.siteId ?? null, username: input.username, displayName: input.displayName.trim(),
        passwordHash, rolesJson: JSON.stringify(roles), now: now(),
      });
      writeAudit({ staffId: by?.staffId ?? null, ip: by?.ip ?? null, action: 'staff.create', target: id,
        details: { username: input.username, roles, site: input.siteId ?? null } });
    }).immediate();
    return toRecord(mustGet(id));
  }

  async function updateStaff(id: string, changes: StaffChanges, by?: Actor & { keepSessionId?: string }): Promise<StaffRecord> {
    mustGet(id);
    if (changes.displayName !== undefined) assertDisplayName(changes.displayName);
    const roles = changes.roles === undefined ? undefined : normalizeRoles(changes.roles);
    const passwordHash = changes.password === undefined ? undefined : await passwords.hash(changes.password);
    let endedIds: string[] = [];
    db.transaction(() => {
      const row = mustGet(id);
      const before = toRecord(row);
      const nextRoles = roles ?? before.roles;
      const nextActive = changes.active ?? before.active;
      assertKeepsAnAdmin(row, nextRoles, nextActive);
      q.updateStaff.run({
        id, displayName: changes.displayName?.trim() ?? row.display_name, rolesJson: JSON.stringify(nextRoles),
        active: nextActive ? 1 : 0, passwordHash: passwordHash ?? row.password_hash, now: now(),
      });
      // A new password or a deactivation must lock out whoever holds an old cookie;
      // the caller's own session survives its own password change.
      if (passwordHash !== undefined || !nextActive) {
        endedIds = (by?.keepSessionId && nextActive ? q.deleteSessionsOfExcept.all(id, by.keepSessionId) : q.deleteSessionsOf.all(id)).map((r) => r.id);
      }
      const details: Record<string, unknown> = { changed: Object.keys(changes).filter((k) => changes[k as keyof StaffChanges] !== undefined) };
      if (roles) details['roles'] = roles;
      if (changes.active !== undefined) details['active'] = changes.active;
      if (changes.displayName !== undefined) details['displayName'] = changes.displayName.trim();
      writeAudit({ staffId: by?.staffId ?? null, ip: by?.ip ?? null, action: 'staff.update', target: id, details });
    }).immediate();
    ended(endedIds);
    return toRecord(mustGet(id));
  }

  async function checkCredentials(username: string, password: string): Promise<LoginResult> {
    const row = username.length <= 64 ? q.staffByUsername.get(username) : undefined;
    if (!row) {
      dummy ??= dummyHash(passwords);
      await passwords.verify(password, await dummy);
      return { ok: false, reason: 'unknown_user', staffId: null };
    }
    const matches = await passwords.verify(password, row.password_hash);
    if (!matches) return { ok: false, reason: 'wrong_password', staffId: row.id };
    if (row.active !== 1) return { ok: false, reason: 'inactive', staffId: row.id };
    return { ok: true, staff: toRecord(row) };
  }

  function createSession(staffId: string, by?: Actor): SessionGrant {
    const token = randomBytes(32).toString('base64url');
    const sessionId = hashToken(token);
    const at = clock();
    const expiresAt = new Date(at.getTime() + SESSION_IDLE_MS).toISOString();
    const expired = db.transaction(() => {
      mustGet(staffId);
      // Housekeeping rides on sign-in, which is rare enough and needs a write anyway.
      const gone = q.deleteExpired.all(at.toISOString()).map((r) => r.id);
      q.insertSession.run({ id: sessionId, staffId, now: at.toISOString(), expiresAt });
      writeAudit({ staffId, ip: by?.ip ?? null, action: 'auth.login', target: staffId });
      return gone;
    }).immediate();
    ended(expired);
    return { token, sessionId, expiresAt };
  }

  function getSessionByToken(token: string): ActiveSession | null {
    if (!token || token.length > 128) return null;
    const sessionId = hashToken(token);
    // Reads take no lock; the rare write below is one statement, atomic on its own.
    const session = q.sessionById.get(sessionId);
    if (!session) return null;
    const at = clock().getTime();
    const hardEnd = Date.parse(session.created_at) + SESSION_MAX_MS;
    if (at >= Date.parse(session.expires_at) || at >= hardEnd) {
      if (q.deleteSession.run(sessionId).changes) ended([sessionId]);
      return null;
    }
    const row = q.staffById.get(session.staff_id);
    if (!row || row.active !== 1) return null;
    let expiresAt = session.expires_at;
    if (at - Date.parse(session.last_seen_at) >= TOUCH_INTERVAL_MS) {
      expiresAt = new Date(Math.min(at + SESSION_IDLE_MS, hardEnd)).toISOString();
      q.touchSession.run({ id: sessionId, now: new Date(at).toISOString(), expiresAt });
    }
    return { sessionId, staff: toRecord(row), expiresAt };
  }

  function deleteSession(token: string, by?: Actor): boolean {
    const sessionId = hashToken(token);
    const done = db.transaction(() => {
      const session = q.sessionById.get(sessionId);
      if (!session) return false;
      q.deleteSession.run(sessionId);
      writeAudit({ staffId: session.staff_id, ip: by?.ip ?? null, action: 'auth.logout', target: session.staff_id });
      return true;
    }).immediate();
    if (done) ended([sessionId]);
    return done;
  }

  function deleteAllSessionsFor(staffId: string, audit?: { by: Actor; action: string }): number {
    const ids = db.transaction(() => {
      mustGet(staffId);
      const gone = q.deleteSessionsOf.all(staffId).map((r) => r.id);
      if (audit) {
        writeAudit({ staffId: audit.by.staffId, ip: audit.by.ip, action: audit.action, target: staffId, details: { sessions: gone.length } });
      }
      return gone;
    }).immediate();
    ended(ids);
    return ids.length;
  }

  function sweepExpiredSessions(): number {
    const ids = db.transaction(() => q.deleteExpired.all(now()).map((r) => r.id))();
    ended(ids);
    return ids.length;
  }

  return {
    createStaff,
    findByUsername: (username) => {
      const row = q.staffByUsername.get(username);
      return row ? toRecord(row) : null;
    },
    get: (id) => {
      const row = q.staffById.get(id);
      return row ? toRecord(row) : null;
    },
    list: () => q.staffAll.all().map(toRecord),
    updateStaff,
    setPassword: (id, password, by) => updateStaff(id, { password }, by),
    setRoles: (id, roles, by) => updateStaff(id, { roles }, by),
    deactivate: (id, by) => updateStaff(id, { active: false }, by),
    checkCredentials,
    createSession,
    getSessionByToken,
    deleteSession,
    deleteAllSessionsFor,
    sweepExpiredSessions,
    audit: (entry) => db.transaction(() => writeAudit(entry))(),
    listAudit: (limit, filters = {}) => q.listAudit.all({
      staffId: filters.staffId ?? null, action: filters.action ?? null, beforeId: filters.beforeId ?? null,
      limit: Math.max(1, Math.min(1000, Math.trunc(limit))),
    }).map(toAuditEntry),
  };
}

function taken(username: string): EntreError {
  return new EntreError('ENTRE_USERNAME_TAKEN', `The username "${username}" is already in use.`);
}
