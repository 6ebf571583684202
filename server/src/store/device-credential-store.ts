/**
 * Enrolled devices (issue 9, DESIGN §7): an admin registers a kiosk, display or bridge and
 * gets a one-time enrolment code; the device trades the code for a secret of its own,
 * which it then shows on every HTTP request (cookie or bearer), MQTT connect (as password)
 * and WebSocket. Revoking clears the secret's hash, so the next check fails; the caller
 * also drops the device's open connections (`onRevoked`), which cuts it off at once.
 *
 * - A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown
 *   as XXXXX-XXXXX, good for 24 hours and for one use; case, spaces and dashes do not matter. 50 bits plus the address throttle on the exchange make guessing hopeless.
 * - A new code for an enrolled device leaves the old secret working until the new code is
 *   used: a replaced screen keeps showing the board until its successor takes over.
 */
import { createHash, pbkdf2Sync, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.js';
import type { Actor, StaffStore } from '../auth/staff-store.js';
import { EntreError } from '../core/errors.js';
import type { DeviceKind, DeviceScope } from '../mqtt/topic-access.js';

export const ENROLMENT_CODE_HOURS = 24;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
/** Mosquitto 2's `$7$` password hashes: PBKDF2-SHA512, 101 rounds, 12-byte salt (mosquitto_passwd's own choice). */
const MOSQUITTO_ROUNDS = 101;

export type DeviceCredentialState = 'pending' | 'enrolled' | 'revoked';

export interface DeviceCredentialView {
  id: string;
  site: string;
  kind: DeviceKind;
  name: string;
  state: DeviceCredentialState;
  printers: string[];
  counters: string[];
  createdAt: string;
  /** While a code is outstanding. */
  codeExpiresAt: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
}

export interface IssueDeviceInput {
  site: string;
  kind: DeviceKind;
  id: string;
  name?: string;
  /** A bridge's printers and counters; ignored for kiosks and displays. */
  printers?: string[];
  counters?: string[];
}

interface Row {
  device_id: string; site_id: string; kind: DeviceKind; name: string; scope_json: string;
  code_hash: string | null; code_expires_at: string | null; token_hash: string | null; mosquitto_hash: string | null;
  enrolled_at: string | null; revoked_at: string | null; created_at: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Upper case, separators dropped: what the person meant to type. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Mosquitto's password-file hash of a secret (`$7$rounds$salt$hash`, all base64). */
export function mosquittoHash(secret: string, salt: Buffer = nodeRandomBytes(12)): string {
  const hash = pbkdf2Sync(secret, salt, MOSQUITTO_ROUNDS, 64, 'sha512');
  return `$7$${MOSQUITTO_ROUNDS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface DeviceCredentialDeps {
  clock: () => Date;
  staff: Pick<StaffStore, 'audit'>;
  randomBytes?: (n: number) => Buffer;
}

export function createDeviceCredentialStore(db: Db, deps: DeviceCredentialDeps) {
  const random = deps.randomBytes ?? nodeRandomBytes;
  const q = {
    byId: db.prepare<[string], Row>('SELECT * FROM device_credentials WHERE device_id = ?'),
    byCode: db.prepare<[string], Row>('SELECT * FROM device_credentials WHERE code_hash = ?'),
    byToken: db.prepare<[string], Row>('SELECT * FROM device_credentials WHERE token_hash = ?'),
    list: db.prepare<[string], Row>('SELECT * FROM device_credentials WHERE site_id = ? ORDER BY kind, device_id'),
    enrolled: db.prepare<[], Row>('SELECT * FROM device_credentials WHERE token_hash IS NOT NULL ORDER BY site_id, device_id'),
    insert: db.prepare(`INSERT INTO device_credentials (device_id, site_id, kind, name, scope_json, code_hash, code_expires_at, created_at, created_by)
      VALUES (@id, @site, @kind, @name, @scope, @code, @expires, @at, @by)`),
    newCode: db.prepare(`UPDATE device_credentials SET name = @name, scope_json = @scope, code_hash = @code, code_expires_at = @expires
      WHERE device_id = @id`),
    enrol: db.prepare(`UPDATE device_credentials SET code_hash = NULL, code_expires_at = NULL, token_hash = @token, mosquitto_hash = @mosquitto,
      enrolled_at = @at, revoked_at = NULL WHERE device_id = @id AND code_hash = @code`),
    revoke: db.prepare(`UPDATE device_credentials SET code_hash = NULL, code_expires_at = NULL, token_hash = NULL, mosquitto_hash = NULL,
      revoked_at = @at WHERE device_id = @id`),
    kiosk: db.prepare<[string], { site_id: string; name: string }>('SELECT site_id, name FROM kiosks WHERE id = ?'),
    display: db.prepare<[string], { site_id: string; name: string; zone_id: string }>('SELECT site_id, name, zone_id FROM displays WHERE id = ?'),
    printer: db.prepare<[string], { site_id: string }>('SELECT site_id FROM printers WHERE id = ?'),
    point: db.prepare<[string], { site_id: string }>('SELECT site_id FROM service_points WHERE id = ?'),
    takenByOther: db.prepare<[string, string], { n: number }>('SELECT (SELECT count(*) FROM kiosks WHERE id = ?) + (SELECT count(*) FROM displays WHERE id = ?) AS n'),
  };

  const scopeOf = (row: Row): { printers: string[]; counters: string[] } => {
    const s = JSON.parse(row.scope_json) as { printers?: string[]; counters?: string[] };
    return { printers: s.printers ?? [], counters: s.counters ?? [] };
  };

  function view(row: Row): DeviceCredentialView {
    const now = deps.clock().toISOString();
    const codeLive = row.code_hash !== null && row.code_expires_at !== null && row.code_expires_at > now;
    return {
      id: row.device_id, site: row.site_id, kind: row.kind, name: row.name,
      state: row.token_hash ? 'enrolled' : row.revoked_at ? 'revoked' : 'pending',
      ...scopeOf(row),
      createdAt: row.created_at, codeExpiresAt: codeLive ? row.code_expires_at : null,
      enrolledAt: row.token_hash ? row.enrolled_at : null, revokedAt: row.token_hash ? null : row.revoked_at,
    };
  }

  /** The device's live scope: a display's zone is read now, so moving it to another zone moves its ACL too. */
  function scope(row: Row): DeviceScope | null {
    if (row.kind === 'display') {
      const d = q.display.get(row.device_id);
      if (!d || d.site_id !== row.site_id) return null;
      return { kind: 'display', id: row.device_id, site: row.site_id, zone: d.zone_id };
    }
    if (row.kind === 'kiosk') {
      const k = q.kiosk.get(row.device_id);
      return k && k.site_id === row.site_id ? { kind: 'kiosk', id: row.device_id, site: row.site_id } : null;
    }
    return { kind: 'bridge', id: row.device_id, site: row.site_id, ...scopeOf(row) };
  }

  function newCode(): string {
    const bytes = random(CODE_LENGTH);
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i]! % CODE_ALPHABET.length];
    return code;
  }

  function check(input: IssueDeviceInput): { name: string; scope: string } {
    const fail = (m: string) => { throw new EntreError('ENTRE_VALIDATION', m, [{ path: '/id', message: m }]); };
    if (input.kind === 'kiosk' || input.kind === 'display') {
      const row = input.kind === 'kiosk' ? q.kiosk.get(input.id) : q.display.get(input.id);
      if (!row) throw new EntreError('ENTRE_NOT_FOUND', `There is no ${input.kind} "${input.id}"; add it to the site first.`);
      if (row.site_id !== input.site) throw new EntreError('ENTRE_WRONG_SITE', `The ${input.kind} "${input.id}" belongs to site "${row.site_id}".`);
      return { name: input.name ?? row.name, scope: '{}' };
    }
    if ((q.takenByOther.get(input.id, input.id)?.n ?? 0) > 0) fail(`"${input.id}" is already a kiosk or display; a bridge needs an id of its own.`);
    const printers = [...new Set(input.printers ?? [])];
    const counters = [...new Set(input.counters ?? [])];
    for (const p of printers) if (q.printer.get(p)?.site_id !== input.site) fail(`There is no printer "${p}" on site "${input.site}".`);
    for (const c of counters) if (q.point.get(c)?.site_id !== input.site) fail(`There is no service point "${c}" on site "${input.site}".`);
    return { name: input.name ?? input.id, scope: JSON.stringify({ printers, counters }) };
  }

  return {
    list(site: string): DeviceCredentialView[] {
      return q.list.all(site).map(view);
    },

    get(id: string): DeviceCredentialView | null {
      const row = q.byId.get(id);
      return row ? view(row) : null;
    },

    /**
     * Registers a device, or gives an existing one a new code (a replaced machine, a lost
     * code, after a revocation). The code is shown once: only its hash is kept.
     */
    issue(input: IssueDeviceInput, actor: Actor): { device: DeviceCredentialView; code: string; expiresAt: string } {
      return db.transaction(() => {
        const existing = q.byId.get(input.id);
        if (existing && (existing.kind !== input.kind || existing.site_id !== input.site)) {
          throw new EntreError('ENTRE_IN_USE', `"${input.id}" is already enrolled as a ${existing.kind} of site "${existing.site_id}".`);
        }
        const { name, scope: scopeJson } = check({ ...input, name: input.name ?? existing?.name });
        const code = newCode();
        const now = deps.clock();
        const expires = new Date(now.getTime() + ENROLMENT_CODE_HOURS * 3_600_000).toISOString();
        if (existing) q.newCode.run({ id: input.id, name, scope: scopeJson, code: sha256(code), expires });
        else q.insert.run({ id: input.id, site: input.site, kind: input.kind, name, scope: scopeJson, code: sha256(code), expires, at: now.toISOString(), by: actor.staffId ?? null });
        deps.staff.audit({ ...actor, action: existing ? 'device.code_reissued' : 'device.registered', target: input.id, details: { kind: input.kind, site: input.site } });
        return { device: view(q.byId.get(input.id)!), code: `${code.slice(0, 5)}-${code.slice(5)}`, expiresAt: expires };
      })();
    },

    /** The device's side: a valid code becomes its secret; the code is spent either way it is used. */
    enrol(codeInput: string, ip: string | null): { device: DeviceCredentialView; scope: DeviceScope; token: string } {
      return db.transaction(() => {
        const code = normaliseCode(codeInput);
        const row = code.length === CODE_LENGTH ? q.byCode.get(sha256(code)) : undefined;
        if (!row || !row.code_expires_at || row.code_expires_at <= deps.clock().toISOString()) {
          throw new EntreError('ENTRE_BAD_ENROLMENT_CODE', 'This enrolment code is unknown, already used or expired. Ask an administrator for a new one.');
        }
        const token = random(32).toString('base64url');
        q.enrol.run({ id: row.device_id, code: row.code_hash, token: sha256(token), mosquitto: mosquittoHash(token, random(12)), at: deps.clock().toISOString() });
        deps.staff.audit({ staffId: null, ip, action: 'device.enrolled', target: row.device_id, details: { kind: row.kind, site: row.site_id } });
        const s = scope(row);
        if (!s) throw new EntreError('ENTRE_NOT_FOUND', `The ${row.kind} "${row.device_id}" is no longer on the site.`);
        return { device: view(q.byId.get(row.device_id)!), scope: s, token };
      })();
    },

    /** The device behind a secret, or null (unknown, revoked, or its kiosk/display removed). */
    identify(token: string | null | undefined): DeviceScope | null {
      if (!token || token.length > 200) return null;
      const row = q.byToken.get(sha256(token));
      return row ? scope(row) : null;
    },

    /** MQTT: the user name is the device id, the password its secret. */
    identifyMqtt(username: string | undefined, password: Buffer | undefined): DeviceScope | null {
      if (!username || !password || password.length > 200) return null;
      const row = q.byToken.get(sha256(password.toString('utf8')));
      if (!row) return null;
      const a = Buffer.from(row.device_id);
      const b = Buffer.from(username);
      return a.length === b.length && timingSafeEqual(a, b) ? scope(row) : null;
    },

    revoke(id: string, actor: Actor): DeviceCredentialView {
      return db.transaction(() => {
        const row = q.byId.get(id);
        if (!row) throw new EntreError('ENTRE_NOT_FOUND', `There is no enrolled device "${id}".`);
        q.revoke.run({ id, at: deps.clock().toISOString() });
        deps.staff.audit({ ...actor, action: 'device.revoked', target: id, details: { kind: row.kind, site: row.site_id } });
        return view(q.byId.get(id)!);
      })();
    },

    /** Every enrolled device's scope and Mosquitto hash, for `npm run mosquitto-config`. */
    enrolledForBroker(): { scope: DeviceScope; mosquittoHash: string }[] {
      return q.enrolled.all().flatMap((row) => {
        const s = scope(row);
        return s && row.mosquitto_hash ? [{ scope: s, mosquittoHash: row.mosquitto_hash }] : [];
      });
    },
  };
}

export type DeviceCredentialStore = ReturnType<typeof createDeviceCredentialStore>;

/**
 * Registers a device and enrols it at once, for a server that is its own administrator:
 * the demo server forking its bridge onto an enrolled site's embedded broker (main.ts).
 * `allPrinters`: the bridge drives every printer of its site. Audited as the system (no
 * staff id). A new secret each time; the previous one stops working.
 */
export function issueAndEnrol(
  db: Db,
  deps: DeviceCredentialDeps,
  input: IssueDeviceInput & { allPrinters?: boolean },
): { token: string; scope: DeviceScope } {
  const { allPrinters, ...device } = input;
  const printers = allPrinters
    ? db.prepare<[string], { id: string }>('SELECT id FROM printers WHERE site_id = ? ORDER BY id').all(input.site).map((p) => p.id)
    : device.printers;
  const store = createDeviceCredentialStore(db, deps);
  const system: Actor = { staffId: null, ip: null };
  return db.transaction(() => {
    const { code } = store.issue({ ...device, ...(printers ? { printers } : {}) }, system);
    const { token, scope } = store.enrol(code, null);
    return { token, scope };
  })();
}
