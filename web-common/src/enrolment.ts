/**
 * The device side of enrolment (issue 9), shared by the kiosk and the display: knowing
 * from an API error that this browser is not (or no longer, or differently) enrolled, and
 * trading the one-time code an admin gives for the device's secret. The server answers
 * with an HttpOnly cookie, so after a reload every request and the /mqtt WebSocket carry
 * the device by themselves; the page never sees or stores the secret.
 */
import { lightChecker, EnrolResult } from '@entre/protocol';
import { ApiError, type Http } from './http.js';

const checkResult = lightChecker(EnrolResult);

export type DeviceKind = 'kiosk' | 'display';

/** Why the server will not serve this browser as the device its address names. */
export type DeviceRefusal =
  /** No enrolment, or one that was revoked or replaced (`revoked`: the browser did send a secret). */
  | { kind: 'unenrolled'; revoked: boolean }
  /** Enrolled, but as another device (`enrolledAs`: its kind and id, when the server said). */
  | { kind: 'mismatch'; enrolledAs: { kind: string; id: string } | null };

/**
 * The refusal an API error stands for, or null for any other error (network, 5xx,
 * validation), which the caller handles as before: those are not the staff's to fix with a code.
 */
export function deviceRefusal(err: unknown): DeviceRefusal | null {
  if (!(err instanceof ApiError) || err.failure !== 'http') return null;
  if (err.status === 401 && (err.code === 'ENTRE_DEVICE_UNENROLLED' || err.code === 'ENTRE_DEVICE_REVOKED')) {
    return { kind: 'unenrolled', revoked: err.code === 'ENTRE_DEVICE_REVOKED' };
  }
  if (err.status === 403 && err.code === 'ENTRE_DEVICE_MISMATCH') {
    // "This device is enrolled as kiosk "kiosk-2", not "kiosk-1"." The problem has no field for it.
    const m = /enrolled as (\w+) "([^"]+)"/.exec(err.problem?.detail ?? '');
    return { kind: 'mismatch', enrolledAs: m ? { kind: m[1]!, id: m[2]! } : null };
  }
  return null;
}

/** Code length without the dash: "K7M2Q-9XHTP". */
export const ENROLMENT_CODE_LENGTH = 10;

/** What staff typed, as the server compares it: upper case, spaces and dashes gone. */
export function normaliseEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-–—_.]/g, '');
}

export type EnrolOutcome =
  | { ok: true; device: { id: string; kind: string; name: string } }
  /** Not ten letters and digits: nothing was sent (a typo must not count as a wrong code). */
  | { ok: false; reason: 'format' }
  /** Unknown, already used or expired. */
  | { ok: false; reason: 'bad_code' }
  /** Too many wrong codes from this address: wait this long. */
  | { ok: false; reason: 'too_many'; waitSeconds: number }
  /** The code worked, but for another device than this page's address names. */
  | { ok: false; reason: 'other_device'; device: { id: string; kind: string; name: string } }
  | { ok: false; reason: 'network' }
  | { ok: false; reason: 'failed'; detail: string };

/** The wait to show when a 429 came without Retry-After (ours always sends one). */
const DEFAULT_WAIT_SECONDS = 60;

/**
 * Sends the code; `expected` is the device the page is for, so a code issued for another
 * one is reported rather than reloaded into a mismatch.
 */
export async function enrolDevice(http: Http, input: string, expected: { kind: DeviceKind; id: string }): Promise<EnrolOutcome> {
  const code = normaliseEnrolmentCode(input);
  if (!/^[A-Z0-9]+$/.test(code) || code.length !== ENROLMENT_CODE_LENGTH) return { ok: false, reason: 'format' };
  try {
    const result = await http.post('/devices/enrol', { code }, checkResult);
    const device = { id: result.device.id, kind: result.device.kind, name: result.device.name };
    if (device.kind !== expected.kind || device.id !== expected.id) return { ok: false, reason: 'other_device', device };
    return { ok: true, device };
  } catch (err) {
    if (!(err instanceof ApiError)) return { ok: false, reason: 'failed', detail: String(err) };
    if (err.failure === 'network') return { ok: false, reason: 'network' };
    if (err.code === 'ENTRE_BAD_ENROLMENT_CODE' || (err.status === 400 && err.code === 'ENTRE_VALIDATION')) return { ok: false, reason: 'bad_code' };
    if (err.status === 429) return { ok: false, reason: 'too_many', waitSeconds: Math.max(1, err.retryAfterSeconds ?? DEFAULT_WAIT_SECONDS) };
    return { ok: false, reason: 'failed', detail: err.detail };
  }
}

/** "2 min" or "45 s": a wait as staff read it. */
export function formatWait(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
}

/** A text in Swedish (the site's) with English beneath: enrol screens are for staff and installers. */
export interface Bilingual { sv: string; en: string }

const nounSv = (kind: string) => (kind === 'kiosk' ? 'kiosk' : kind === 'display' ? 'skärm' : kind === 'bridge' ? 'brygga' : 'enhet');
const theSv = (kind: string) => (kind === 'kiosk' ? 'den här kiosken' : kind === 'display' ? 'den här skärmen' : 'den här enheten');
const theEn = (kind: string) => (kind === 'kiosk' ? 'this kiosk' : kind === 'display' ? 'this display' : 'this device');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a kiosk or display is opened (the app under its own path, its id in the address); null for a bridge. */
export function deviceAddress(kind: string, id: string): string | null {
  if (kind === 'kiosk') return `/kiosk/?kiosk=${encodeURIComponent(id)}`;
  if (kind === 'display') return `/display/?display=${encodeURIComponent(id)}`;
  return null;
}

/** The enrol screens' words, the same on the kiosk and the display. */
export const enrolTexts = {
  title: (kind: DeviceKind): Bilingual => ({ sv: `Registrera ${theSv(kind)}`, en: `Enrol ${theEn(kind)}` }),
  outOfService: (kind: DeviceKind): Bilingual => (kind === 'kiosk'
    ? { sv: 'Kiosken är inte i drift. Besökare: fråga i receptionen.', en: 'This kiosk is out of service. Visitors: please ask at the reception.' }
    : { sv: 'Skärmen visar inga nummer just nu.', en: 'This display shows no numbers right now.' }),
  reason(refusal: DeviceRefusal, kind: DeviceKind, id: string): Bilingual {
    if (refusal.kind === 'mismatch') {
      const other = refusal.enrolledAs;
      return other
        ? { sv: `Den här enheten är registrerad som ${nounSv(other.kind)} ${other.id}, inte som ${id}.`, en: `This device is enrolled as ${other.kind} ${other.id}, not as ${id}.` }
        : { sv: `Den här enheten är registrerad som en annan enhet, inte som ${id}.`, en: `This device is enrolled as another device, not as ${id}.` };
    }
    return refusal.revoked
      ? { sv: `Registreringen av ${nounSv(kind)} ${id} gäller inte längre: den har återkallats eller ersatts.`, en: `The enrolment of ${kind} ${id} is no longer valid: it was revoked or replaced.` }
      : { sv: `${cap(theSv(kind))} (${id}) är inte registrerad hos servern.`, en: `${cap(theEn(kind))} (${id}) is not enrolled with the server.` };
  },
  howTo: (id: string): Bilingual => ({
    sv: `Be en administratör om en registreringskod för ${id} (i konsolen: Administration → Enheter) och skriv in den här.`,
    en: `Ask an administrator for an enrolment code for ${id} (in the console: Administration → Devices) and type it here.`,
  }),
  openAs: (kind: string, id: string): Bilingual => ({ sv: `Öppna som ${nounSv(kind)} ${id}`, en: `Open as ${kind} ${id}` }),
  codeLabel: { sv: 'Registreringskod', en: 'Enrolment code' } as Bilingual,
  codeHint: { sv: 'Tio tecken, t.ex. K7M2Q-9XHTP. Små bokstäver, mellanslag och bindestreck går bra.', en: 'Ten characters, e.g. K7M2Q-9XHTP. Lower case, spaces and dashes are fine.' } as Bilingual,
  submit: { sv: 'Registrera', en: 'Enrol' } as Bilingual,
  busy: { sv: 'Registrerar …', en: 'Enrolling …' } as Bilingual,
  done: { sv: 'Registrerad. Startar om …', en: 'Enrolled. Restarting …' } as Bilingual,
  /** Why the last code did not work; null for success. */
  outcome(o: EnrolOutcome, kind: DeviceKind, id: string): Bilingual | null {
    if (o.ok) return null;
    switch (o.reason) {
      case 'format': return { sv: 'Koden har tio tecken, bokstäver och siffror. Kontrollera att den är hel.', en: 'The code has ten characters, letters and digits. Check that it is complete.' };
      case 'bad_code': return { sv: 'Koden gäller inte: den är fel, redan använd eller har gått ut. Kontrollera den, eller be om en ny kod.', en: 'The code is not valid: it is wrong, already used or expired. Check it, or ask for a new code.' };
      case 'too_many': return { sv: `För många felaktiga koder härifrån. Vänta ${formatWait(o.waitSeconds)} och försök igen.`, en: `Too many wrong codes from here. Wait ${formatWait(o.waitSeconds)} and try again.` };
      case 'other_device': return {
        sv: `Koden gällde ${nounSv(o.device.kind)} ${o.device.id}, inte ${theSv(kind)} (${id}). Enheten är nu registrerad som ${o.device.id}.`,
        en: `That code was for ${o.device.kind} ${o.device.id}, not ${theEn(kind)} (${id}). This device is now enrolled as ${o.device.id}.`,
      };
      case 'network': return { sv: 'Servern svarar inte. Kontrollera nätverket och försök igen.', en: 'The server does not answer. Check the network and try again.' };
      case 'failed': return { sv: `Det gick inte: ${o.detail}`, en: `It did not work: ${o.detail}` };
    }
  },
};
