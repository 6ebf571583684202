import { visitorLanguages, type ErrandQuestion, type Localized } from '@entre/protocol';
import type { Db } from './db.js';
import { demoTexts, type DemoText } from './demo-text/index.js';
import type { WeeklyHours } from '../core/opening-hours.js';

/**
 * The demo site: errands and answer groups as a Swedish "one way in" service center has
 * them, four counters, two display zones, one kiosk with one virtual printer.
 */
export const DEMO_SITE = 'demo';

const services = [
  { id: 'allmant', prefix: 'A', group: 'forsta-linjen' },
  { id: 'bygglov', prefix: 'B', group: 'samhallsbyggnad' },
  { id: 'parkering', prefix: 'P', group: 'samhallsbyggnad' },
  { id: 'skola', prefix: 'F', group: 'barn-utbildning' },
  { id: 'social', prefix: 'S', group: 'social-valfard' },
  { id: 'aldre', prefix: 'E', group: 'social-valfard' },
  { id: 'budget', prefix: 'K', group: 'social-valfard' },
];

const answerGroups = [
  { id: 'forsta-linjen', name: 'Första linjen', icon: 'info' },
  { id: 'samhallsbyggnad', name: 'Samhällsbyggnad', icon: 'house' },
  { id: 'barn-utbildning', name: 'Barn & utbildning', icon: 'school' },
  { id: 'social-valfard', name: 'Social välfärd', icon: 'people' },
] as const;

const icons: Record<string, string> = {
  allmant: 'info', bygglov: 'house', parkering: 'car', skola: 'school', social: 'people', aldre: 'elder', budget: 'wallet',
};

/** Budget and debt counselling is a drop-in with its own hours; everything else follows the center. */
const hours: Record<string, WeeklyHours> = {
  budget: { tue: [['13:00', '16:00']], thu: [['09:00', '12:00'], ['13:00', '16:00']] },
};

/** One text of the demo's data in every language it has been translated to. */
function localized(pickText: (t: DemoText) => string): Localized {
  return Object.fromEntries(Object.entries(demoTexts).map(([code, text]) => [code, pickText(text)]));
}

const bygglovQuestion: ErrandQuestion = {
  text: localized((t) => t.bygglovQuestion.text),
  options: [
    { id: 'pagaende', text: localized((t) => t.bygglovQuestion.pending), service: 'bygglov' },
    { id: 'nytt', text: localized((t) => t.bygglovQuestion.new), service: 'bygglov' },
  ],
};

/** Languages staff speak or interpreters cover; `staffed: false` means interpreter only. */
const languages: { code: string; name: string; dir: 'ltr' | 'rtl'; staffed: boolean }[] = [
  { code: 'sv', name: 'Svenska', dir: 'ltr', staffed: true },
  { code: 'en', name: 'English', dir: 'ltr', staffed: true },
  { code: 'ar', name: 'العربية', dir: 'rtl', staffed: true },
  { code: 'so', name: 'Soomaali', dir: 'ltr', staffed: true },
  { code: 'fa', name: 'فارسی', dir: 'rtl', staffed: true },
  { code: 'ti', name: 'ትግርኛ', dir: 'ltr', staffed: false },
  { code: 'pl', name: 'Polski', dir: 'ltr', staffed: true },
  { code: 'bs', name: 'Bosanski', dir: 'ltr', staffed: true },
  { code: 'fi', name: 'Suomi', dir: 'ltr', staffed: true },
  { code: 'uk', name: 'Українська', dir: 'ltr', staffed: false },
  { code: 'sgn-SE', name: 'Svenskt teckenspråk', dir: 'ltr', staffed: false },
];

/**
 * Kommunvägledare as a mid-size center staffs them: generalists who take the first line on
 * every channel, and specialists with a penalty on errands outside their group.
 */
const agents = [
  { id: 'anna', name: 'Anna Lindqvist', channels: ['visit', 'phone', 'chat'], langs: ['sv', 'en'], skills: { allmant: 0, parkering: 0, skola: 0.2, bygglov: 0.5 } },
  { id: 'hassan', name: 'Hassan Ali', channels: ['visit', 'phone'], langs: ['sv', 'en', 'ar', 'so'], skills: { allmant: 0, social: 0, aldre: 0.2, budget: 0.2 } },
  { id: 'maria', name: 'Maria Nowak', channels: ['visit', 'phone', 'email'], langs: ['sv', 'pl', 'en'], skills: { bygglov: 0, parkering: 0, allmant: 0.3 } },
  { id: 'erik', name: 'Erik Johansson', channels: ['phone', 'chat', 'email'], langs: ['sv', 'fi'], skills: { allmant: 0, skola: 0, parkering: 0.2 } },
  { id: 'leyla', name: 'Leyla Rahimi', channels: ['visit', 'chat'], langs: ['sv', 'fa', 'en'], skills: { social: 0, aldre: 0, budget: 0, allmant: 0.3 } },
  { id: 'amir', name: 'Amir Hodžić', channels: ['visit', 'phone'], langs: ['sv', 'bs', 'en'], skills: { budget: 0, social: 0.2, allmant: 0.2 } },
];

const WEEKDAYS = [1, 2, 3, 4, 5];
/**
 * The demo's week: the lobby opens at 10, so the counters are staffed from then; mornings and
 * late afternoons go to the phone, which opens at 7. Channels null = all the agent's.
 */
const rota: { agent: string; days: number[]; starts: string; ends: string; channels: string[] | null }[] = [
  { agent: 'anna', days: WEEKDAYS, starts: '08:00', ends: '10:00', channels: ['phone', 'chat'] },
  { agent: 'anna', days: WEEKDAYS, starts: '10:00', ends: '16:30', channels: ['visit'] },
  { agent: 'hassan', days: WEEKDAYS, starts: '09:30', ends: '17:00', channels: null },
  { agent: 'maria', days: WEEKDAYS, starts: '07:00', ends: '10:00', channels: ['phone', 'email'] },
  { agent: 'maria', days: WEEKDAYS, starts: '10:00', ends: '15:30', channels: null },
  { agent: 'erik', days: WEEKDAYS, starts: '07:00', ends: '16:00', channels: null },
  { agent: 'leyla', days: WEEKDAYS, starts: '09:30', ends: '17:00', channels: null },
  { agent: 'amir', days: WEEKDAYS, starts: '08:00', ends: '17:00', channels: ['phone'] },
];

/** Arrows only in the demo: they read the same in every language. */
const points = [
  { id: 'disk-1', n: 1, zones: ['lobby'], services: services.map((s) => s.id), arrow: 'left' },
  { id: 'disk-2', n: 2, zones: ['lobby'], services: ['allmant', 'parkering', 'skola'], arrow: 'left' },
  { id: 'disk-3', n: 3, zones: ['lobby', 'floor-2'], services: ['allmant', 'bygglov', 'parkering'], arrow: 'right' },
  { id: 'disk-4', n: 4, zones: ['lobby', 'floor-2'], services: ['allmant', 'social', 'aldre', 'budget'], arrow: 'right' },
];

export function seedDemo(db: Db, publicUrl: string, timeZone = 'Europe/Stockholm'): boolean {
  const exists = db.prepare('SELECT 1 FROM sites WHERE id = ?').get(DEMO_SITE);
  if (exists) return false;
  db.transaction(() => {
    db.prepare('INSERT INTO sites (id, name, time_zone, public_url) VALUES (?, ?, ?, ?)')
      .run(DEMO_SITE, 'Demo kommun – Servicecenter', timeZone, publicUrl);
    const lang = db.prepare('INSERT INTO site_languages (site_id, code, position) VALUES (?, ?, ?)');
    // The demo offers every language the kiosk speaks; a real site picks its own.
    visitorLanguages.forEach((l, i) => lang.run(DEMO_SITE, l.code, i));
    const svc = db.prepare(`INSERT INTO services (id, site_id, prefix, name_json, description_json, answer_group, position, icon, hours_json, question_json)
      VALUES (@id, @site, @prefix, @name, @description, @group, @position, @icon, @hours, @question)`);
    services.forEach((s, i) => {
      const id = s.id as keyof DemoText['services'];
      svc.run({
        id: s.id, site: DEMO_SITE, prefix: s.prefix, group: s.group, position: i, icon: icons[s.id] ?? 'info',
        name: JSON.stringify(localized((t) => t.services[id].name)), description: JSON.stringify(localized((t) => t.services[id].description)),
        hours: hours[s.id] ? JSON.stringify(hours[s.id]) : null,
        question: s.id === 'bygglov' ? JSON.stringify(bygglovQuestion) : null,
      });
    });
    const group = db.prepare('INSERT INTO answer_groups (id, site_id, name, name_json, icon, position) VALUES (?, ?, ?, ?, ?, ?)');
    answerGroups.forEach((g, i) => group.run(g.id, DEMO_SITE, g.name, JSON.stringify(localized((t) => t.groups[g.id])), g.icon, i));
    const language = db.prepare('INSERT OR IGNORE INTO languages (code, name, dir, staffed) VALUES (?, ?, ?, ?)');
    for (const l of languages) language.run(l.code, l.name, l.dir, l.staffed ? 1 : 0);
    const zone = db.prepare('INSERT INTO zones (id, site_id, name) VALUES (?, ?, ?)');
    zone.run('lobby', DEMO_SITE, 'Entréhallen');
    zone.run('floor-2', DEMO_SITE, 'Väntrum plan 2');
    const point = db.prepare('INSERT INTO service_points (id, site_id, name_json, position, wayfinding_json) VALUES (?, ?, ?, ?, ?)');
    const pointZone = db.prepare('INSERT INTO service_point_zones (service_point_id, zone_id) VALUES (?, ?)');
    const pointService = db.prepare('INSERT INTO service_point_services (service_point_id, service_id) VALUES (?, ?)');
    for (const p of points) {
      point.run(p.id, DEMO_SITE, JSON.stringify(localized((t) => t.counter.replace('{n}', String(p.n)))), p.n, JSON.stringify({ arrow: p.arrow }));
      for (const z of p.zones) pointZone.run(p.id, z);
      for (const s of p.services) pointService.run(p.id, s);
    }
    db.prepare('INSERT INTO printers (id, site_id, name) VALUES (?, ?, ?)').run('printer-1', DEMO_SITE, 'Kioskskrivare (virtuell)');
    // The sign-language address is an example: a real site links its own video interpreting service.
    db.prepare('INSERT INTO kiosks (id, site_id, name, printer_id, settings_json) VALUES (?, ?, ?, ?, ?)').run('kiosk-1', DEMO_SITE, 'Kiosk entré', 'printer-1',
      JSON.stringify({ idleSeconds: 45, warnSeconds: 10, ticketSeconds: 20, priorityHelp: true, priorityService: 'allmant', signLanguageUrl: 'https://teckensprak.example.se/demo-kommun' }));
    const agent = db.prepare('INSERT INTO agents (id, site_id, display_name, channels_json) VALUES (?, ?, ?, ?)');
    const skill = db.prepare('INSERT INTO agent_skills (agent_id, service_id, penalty) VALUES (?, ?, ?)');
    const speaks = db.prepare('INSERT INTO agent_languages (agent_id, code) VALUES (?, ?)');
    for (const a of agents) {
      agent.run(a.id, DEMO_SITE, a.name, JSON.stringify(a.channels));
      for (const [service, penalty] of Object.entries(a.skills)) skill.run(a.id, service, penalty);
      for (const code of a.langs) speaks.run(a.id, code);
    }
    const shift = db.prepare('INSERT INTO agent_shifts (agent_id, weekday, starts, ends, channels_json) VALUES (?, ?, ?, ?, ?)');
    for (const r of rota) {
      for (const day of r.days) shift.run(r.agent, day, r.starts, r.ends, r.channels ? JSON.stringify(r.channels) : null);
    }
    const display = db.prepare('INSERT INTO displays (id, site_id, zone_id, name, languages_json, layout) VALUES (?, ?, ?, ?, ?, ?)');
    display.run('lobby-1', DEMO_SITE, 'lobby', 'Skärm entréhallen', JSON.stringify(['sv', 'en', 'ar', 'so', 'fa']), 'landscape');
    display.run('floor2-1', DEMO_SITE, 'floor-2', 'Skärm väntrum plan 2', JSON.stringify(['sv', 'en']), 'portrait');
  })();
  return true;
}

/**
 * Demo counter accounts, one per agent (username = agent id), linked so a signed-in
 * kommunvägledare calls next as their own agent. Returns the accounts to create.
 */
export function linkDemoAgents(db: Db): { username: string; displayName: string; link(staffId: string): void }[] {
  const rows = db.prepare<[], { id: string; display_name: string }>('SELECT id, display_name FROM agents WHERE staff_id IS NULL ORDER BY id').all();
  const link = db.prepare('UPDATE agents SET staff_id = ? WHERE id = ?');
  return rows.map((r) => ({ username: r.id, displayName: r.display_name, link: (staffId: string) => { link.run(staffId, r.id); } }));
}
