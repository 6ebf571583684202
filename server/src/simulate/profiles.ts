/**
 * Simulated days as data. A profile says how many contacts each channel brings, when
 * (opening hours and the shape of the day by the hour), what they are about, in which
 * language, how long they take and how patient callers are. The generator (arrivals.ts)
 * turns a profile and a seed into a plan; the driver replays the plan against a server.
 */

export type Channel = 'visit' | 'phone' | 'chat' | 'email';
export const CHANNELS: readonly Channel[] = ['phone', 'visit', 'chat', 'email'];

/** Lognormal by median and log-space spread, in simulated minutes. */
export interface Spread { median: number; sigma: number }

export interface ChannelProfile {
  /** Opening hours in site-local time, 'HH:MM'; nothing arrives outside [open, close). */
  open: string;
  close: string;
  /** Expected contacts over the whole window (the Poisson mean, not an exact count). */
  expected: number;
  /** Relative weight of each clock hour (key = hour of day) inside the window; missing = 0. */
  hourly: Readonly<Record<number, number>>;
  /** Handle time before the per-service factor. */
  handle: Spread;
  /** How long a contact waits before giving up; absent = never (e-mail, a visitor with a ticket). */
  patience?: Spread;
  /** Share of called visitors who never come to the counter. */
  noShow?: number;
}

export interface Profile {
  id: string;
  description: string;
  channels: Readonly<Partial<Record<Channel, ChannelProfile>>>;
  /** Errand mix, weights over the demo site's service ids. */
  services: Readonly<Record<string, number>>;
  /** Per-service multiplier on handle time: a building permit takes longer than a form. */
  handleFactor: Readonly<Record<string, number>>;
  /** Language mix, weights over BCP-47 codes. */
  languages: Readonly<Record<string, number>>;
  /** The kiosk's languages: a walk-in picks among these; other languages come by phone/chat. */
  kioskLanguages: readonly string[];
  /** Share of finished contacts resolved at first contact (the rest are forwarded). */
  resolvedShare: number;
  /** ROSA level weights (index 0 = level 1) for resolved and for forwarded contacts. */
  rosa: { resolved: readonly number[]; forwarded: readonly number[] };
  /** Which demo agents work, and at which counter (null: phone/chat/e-mail from the back office). */
  staffing: readonly { agent: string; servicePoint: string | null }[];
}

// First-line contacts are mostly information and guidance (ROSA 1–4); a forwarded one was
// by definition beyond the generalist, so its level skews towards 4–8.
const rosa = {
  resolved: [30, 28, 20, 14, 4, 2, 1, 1],
  forwarded: [4, 8, 12, 20, 22, 16, 10, 8],
};

// Five counter-capable agents but four counters: Amir works the phone from the back office,
// as does Erik, who takes no visits at all.
const staffing = [
  { agent: 'anna', servicePoint: 'disk-1' },
  { agent: 'leyla', servicePoint: 'disk-2' },
  { agent: 'maria', servicePoint: 'disk-3' },
  { agent: 'hassan', servicePoint: 'disk-4' },
  { agent: 'amir', servicePoint: null },
  { agent: 'erik', servicePoint: null },
] as const;

const services = { allmant: 35, parkering: 15, skola: 15, social: 12, bygglov: 10, aldre: 8, budget: 5 };
const handleFactor = { allmant: 0.85, parkering: 0.9, skola: 1, social: 1.3, bygglov: 1.3, aldre: 1.1, budget: 1.4 };
// "Others" are languages the demo staff speak (pl, fi, bs) and two they do not (ti, uk),
// which wait for an interpreter as the routing rule says.
const languages = { sv: 80, en: 6, ar: 6, so: 3, fa: 2, pl: 1, fi: 0.8, bs: 0.6, ti: 0.3, uk: 0.3 };

/**
 * A mid-size center such as Örebro's (DESIGN §1): phone 7–17 with a morning peak, a lunch
 * dip and a smaller afternoon peak; the lobby 10–17; chat 8–16; e-mail through the day.
 * The six demo agents cannot carry 1 600 calls (a real center staffs ~20): the run shows
 * queues and abandonment, which is what a staffing demo needs. `--scale` thins the day.
 */
const orebroDay: Profile = {
  id: 'orebro-day',
  description: 'mid-size center: ~1 600 calls 7–17, ~150 visits 10–17, ~60 chats 8–16, ~80 e-mails',
  channels: {
    phone: {
      open: '07:00', close: '17:00', expected: 1600,
      hourly: { 7: 6, 8: 14, 9: 15, 10: 12, 11: 10, 12: 6, 13: 10, 14: 11, 15: 9, 16: 7 },
      handle: { median: 5.5, sigma: 0.35 }, patience: { median: 3, sigma: 0.8 },
    },
    visit: {
      open: '10:00', close: '17:00', expected: 150,
      hourly: { 10: 14, 11: 15, 12: 13, 13: 16, 14: 16, 15: 14, 16: 12 },
      handle: { median: 11, sigma: 0.3 }, noShow: 0.04,
    },
    chat: {
      open: '08:00', close: '16:00', expected: 60,
      hourly: { 8: 10, 9: 14, 10: 14, 11: 13, 12: 9, 13: 14, 14: 13, 15: 13 },
      handle: { median: 8, sigma: 0.4 }, patience: { median: 8, sigma: 0.7 },
    },
    email: {
      open: '07:00', close: '17:00', expected: 80,
      hourly: { 7: 12, 8: 11, 9: 10, 10: 10, 11: 10, 12: 9, 13: 10, 14: 10, 15: 9, 16: 9 },
      handle: { median: 6, sigma: 0.5 },
    },
  },
  services, handleFactor, languages, kioskLanguages: ['sv', 'en'],
  resolvedShare: 0.75, rosa, staffing,
};

/** For tests and a quick look: a few dozen contacts in 40 minutes, short handle times. */
const small: Profile = {
  id: 'small',
  description: 'test day: ~32 contacts 10:00–10:40 on every channel',
  channels: {
    phone: { open: '10:00', close: '10:40', expected: 16, hourly: { 10: 1 }, handle: { median: 3, sigma: 0.3 }, patience: { median: 10, sigma: 0.5 } },
    visit: { open: '10:00', close: '10:40', expected: 8, hourly: { 10: 1 }, handle: { median: 4, sigma: 0.3 }, noShow: 0.1 },
    chat: { open: '10:00', close: '10:40', expected: 4, hourly: { 10: 1 }, handle: { median: 3, sigma: 0.3 }, patience: { median: 15, sigma: 0.5 } },
    email: { open: '10:00', close: '10:40', expected: 4, hourly: { 10: 1 }, handle: { median: 3, sigma: 0.3 } },
  },
  services, handleFactor, languages, kioskLanguages: ['sv', 'en'],
  resolvedShare: 0.75, rosa, staffing,
};

export const PROFILES: Readonly<Record<string, Profile>> = { [orebroDay.id]: orebroDay, [small.id]: small };

/** 'HH:MM' → minutes after midnight. */
export function parseClock(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day: "${hhmm}"`);
  const h = Number(m[1]), min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) throw new Error(`not a time of day: "${hhmm}"`);
  return h * 60 + min;
}

/** Minutes after midnight → 'HH:MM' (seconds dropped), for plans and progress lines. */
export function formatClock(minutes: number): string {
  const m = Math.floor(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The day's window: from the first channel's opening to the last one's closing. */
export function profileWindow(p: Profile): { start: number; end: number } {
  const chans = Object.values(p.channels);
  if (!chans.length) throw new Error(`profile ${p.id} has no channels`);
  return {
    start: Math.min(...chans.map((c) => parseClock(c.open))),
    end: Math.max(...chans.map((c) => parseClock(c.close))),
  };
}
