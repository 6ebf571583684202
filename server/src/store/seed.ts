import type { Db } from './db.js';

/**
 * The demo site: errands and answer groups as a Swedish "one way in" service center has
 * them, four counters, two display zones, one kiosk with one virtual printer.
 */
export const DEMO_SITE = 'demo';

const services = [
  { id: 'allmant', prefix: 'A', group: 'forsta-linjen', sv: 'Allmänna frågor', en: 'General questions', svd: 'Frågor om kommunens service, blanketter och e-tjänster', end: 'Questions about municipal services, forms and e-services' },
  { id: 'bygglov', prefix: 'B', group: 'samhallsbyggnad', sv: 'Bygglov', en: 'Building permits', svd: 'Bygglov, anmälan och ritningar', end: 'Building permits, notifications and drawings' },
  { id: 'parkering', prefix: 'P', group: 'samhallsbyggnad', sv: 'Parkering', en: 'Parking', svd: 'Parkeringstillstånd och boendeparkering', end: 'Parking permits and resident parking' },
  { id: 'skola', prefix: 'F', group: 'barn-utbildning', sv: 'Förskola och skola', en: 'Preschool and school', svd: 'Plats i förskola, skolval och fritids', end: 'Preschool places, school choice and after-school care' },
  { id: 'social', prefix: 'S', group: 'social-valfard', sv: 'Socialtjänst', en: 'Social services', svd: 'Ekonomiskt bistånd och stöd', end: 'Financial assistance and support' },
  { id: 'aldre', prefix: 'E', group: 'social-valfard', sv: 'Äldreomsorg', en: 'Elderly care', svd: 'Hemtjänst, trygghetslarm och boende', end: 'Home care, safety alarms and housing' },
  { id: 'budget', prefix: 'K', group: 'social-valfard', sv: 'Budget- och skuldrådgivning', en: 'Budget and debt counselling', svd: 'Hjälp med budget och skulder', end: 'Help with budget and debts' },
];

const points = [
  { id: 'disk-1', n: 1, zones: ['lobby'], services: services.map((s) => s.id) },
  { id: 'disk-2', n: 2, zones: ['lobby'], services: ['allmant', 'parkering', 'skola'] },
  { id: 'disk-3', n: 3, zones: ['lobby', 'floor-2'], services: ['allmant', 'bygglov', 'parkering'] },
  { id: 'disk-4', n: 4, zones: ['lobby', 'floor-2'], services: ['allmant', 'social', 'aldre', 'budget'] },
];

export function seedDemo(db: Db, publicUrl: string, timeZone = 'Europe/Stockholm'): boolean {
  const exists = db.prepare('SELECT 1 FROM sites WHERE id = ?').get(DEMO_SITE);
  if (exists) return false;
  db.transaction(() => {
    db.prepare('INSERT INTO sites (id, name, time_zone, public_url) VALUES (?, ?, ?, ?)')
      .run(DEMO_SITE, 'Demo kommun – Servicecenter', timeZone, publicUrl);
    const lang = db.prepare('INSERT INTO site_languages (site_id, code, position) VALUES (?, ?, ?)');
    ['sv', 'en'].forEach((code, i) => lang.run(DEMO_SITE, code, i));
    const svc = db.prepare(`INSERT INTO services (id, site_id, prefix, name_json, description_json, answer_group, position)
      VALUES (@id, @site, @prefix, @name, @description, @group, @position)`);
    services.forEach((s, i) => svc.run({
      id: s.id, site: DEMO_SITE, prefix: s.prefix, group: s.group, position: i,
      name: JSON.stringify({ sv: s.sv, en: s.en }), description: JSON.stringify({ sv: s.svd, en: s.end }),
    }));
    const zone = db.prepare('INSERT INTO zones (id, site_id, name) VALUES (?, ?, ?)');
    zone.run('lobby', DEMO_SITE, 'Entréhallen');
    zone.run('floor-2', DEMO_SITE, 'Väntrum plan 2');
    const point = db.prepare('INSERT INTO service_points (id, site_id, name_json, position) VALUES (?, ?, ?, ?)');
    const pointZone = db.prepare('INSERT INTO service_point_zones (service_point_id, zone_id) VALUES (?, ?)');
    const pointService = db.prepare('INSERT INTO service_point_services (service_point_id, service_id) VALUES (?, ?)');
    for (const p of points) {
      point.run(p.id, DEMO_SITE, JSON.stringify({ sv: `Disk ${p.n}`, en: `Counter ${p.n}` }), p.n);
      for (const z of p.zones) pointZone.run(p.id, z);
      for (const s of p.services) pointService.run(p.id, s);
    }
    db.prepare('INSERT INTO printers (id, site_id, name) VALUES (?, ?, ?)').run('printer-1', DEMO_SITE, 'Kioskskrivare (virtuell)');
    db.prepare('INSERT INTO kiosks (id, site_id, name, printer_id) VALUES (?, ?, ?, ?)').run('kiosk-1', DEMO_SITE, 'Kiosk entré', 'printer-1');
    const display = db.prepare('INSERT INTO displays (id, site_id, zone_id, name, languages_json) VALUES (?, ?, ?, ?, ?)');
    display.run('lobby-1', DEMO_SITE, 'lobby', 'Skärm entréhallen', JSON.stringify(['sv', 'en']));
    display.run('floor2-1', DEMO_SITE, 'floor-2', 'Skärm väntrum plan 2', JSON.stringify(['sv', 'en']));
  })();
  return true;
}
