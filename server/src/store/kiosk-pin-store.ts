/**
 * The PIN in front of a kiosk's staff screen. Wrong tries are counted per kiosk and,
 * after `MAX_TRIES`, lock the pad for `LOCK_MINUTES` whatever is typed, so the one to ten
 * thousand guesses a short PIN allows cannot be made at a public screen.
 */
import type { KioskDiagnostics, PaperState } from '@entre/protocol';
import type { Db } from './db.js';
import type { PasswordHasher } from '../auth/passwords.js';
import { EntreError } from '../core/errors.js';

export const MAX_TRIES = 5;
export const LOCK_MINUTES = 5;

interface KioskRow {
  id: string; site_id: string; name: string; printer_id: string | null;
  pin_hash: string | null; pin_failures: number; pin_locked_until: string | null;
}

export function createKioskPinStore(db: Db, deps: { clock: () => Date; hasher: PasswordHasher }) {
  const q = {
    kiosk: db.prepare<[string], KioskRow>('SELECT id, site_id, name, printer_id, pin_hash, pin_failures, pin_locked_until FROM kiosks WHERE id = ?'),
    setPin: db.prepare('UPDATE kiosks SET pin_hash = ?, pin_failures = 0, pin_locked_until = NULL WHERE id = ?'),
    failed: db.prepare(`UPDATE kiosks SET pin_failures = pin_failures + 1,
      pin_locked_until = CASE WHEN pin_failures + 1 >= @max THEN @until ELSE pin_locked_until END WHERE id = @id`),
    reset: db.prepare('UPDATE kiosks SET pin_failures = 0, pin_locked_until = NULL WHERE id = ?'),
    printer: db.prepare<[string], { id: string; name: string; online: number; paper: PaperState; cover_open: number; status_at: string | null }>(
      'SELECT id, name, online, paper, cover_open, status_at FROM printers WHERE id = ?'),
    languages: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM site_languages WHERE site_id = ?'),
    services: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM services WHERE site_id = ? AND active = 1'),
  };

  function requireKiosk(id: string): KioskRow {
    const k = q.kiosk.get(id);
    if (!k) throw new EntreError('ENTRE_UNKNOWN_KIOSK', `There is no kiosk "${id}".`);
    return k;
  }

  function diagnostics(k: KioskRow): KioskDiagnostics {
    const p = k.printer_id ? q.printer.get(k.printer_id) : undefined;
    return {
      kiosk: k.id, name: k.name, site: k.site_id, serverTime: deps.clock().toISOString(),
      languages: q.languages.get(k.site_id)!.n, openServices: q.services.get(k.site_id)!.n,
      ...(p ? { printer: { id: p.id, name: p.name, online: p.online === 1, paper: p.paper, coverOpen: p.cover_open === 1, ...(p.status_at ? { statusAt: p.status_at } : {}) } } : {}),
    };
  }

  return {
    async setPin(kioskId: string, pin: string): Promise<void> {
      requireKiosk(kioskId);
      q.setPin.run(await deps.hasher.hashSecret(pin), kioskId);
    },

    /** The staff screen's content for the right PIN; counts and locks wrong ones. */
    async unlock(kioskId: string, pin: string): Promise<KioskDiagnostics> {
      const k = requireKiosk(kioskId);
      if (!k.pin_hash) throw new EntreError('ENTRE_FORBIDDEN', 'This kiosk has no staff PIN; set one from the console.');
      const now = deps.clock();
      if (k.pin_locked_until && Date.parse(k.pin_locked_until) > now.getTime()) {
        throw new EntreError('ENTRE_KIOSK_LOCKED', `Too many wrong PINs; try again after ${k.pin_locked_until}.`);
      }
      if (!(await deps.hasher.verify(pin, k.pin_hash))) {
        q.failed.run({ id: k.id, max: MAX_TRIES, until: new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() });
        throw new EntreError('ENTRE_BAD_PIN', 'Wrong PIN.');
      }
      q.reset.run(k.id);
      return diagnostics(q.kiosk.get(k.id)!);
    },

    printerOf(kioskId: string): string | null {
      return requireKiosk(kioskId).printer_id;
    },
  };
}

export type KioskPinStore = ReturnType<typeof createKioskPinStore>;
