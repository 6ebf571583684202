import type { DemoText } from './types.js';

export const de: DemoText = {
  services: {
    allmant: { name: 'Allgemeine Fragen', description: 'Fragen zu Leistungen der Gemeinde, Formularen und Online-Diensten' },
    bygglov: { name: 'Baugenehmigung', description: 'Baugenehmigungen, Bauanzeigen und Baupläne' },
    parkering: { name: 'Parken', description: 'Parkausweise und Anwohnerparken' },
    skola: { name: 'Kita und Schule', description: 'Kitaplätze, Schulwahl und Hort' },
    social: { name: 'Sozialdienst', description: 'Sozialhilfe und Unterstützung' },
    aldre: { name: 'Seniorenhilfe', description: 'Häusliche Pflege, Hausnotruf und Wohnen im Alter' },
    budget: { name: 'Budget- und Schuldnerberatung', description: 'Hilfe bei Haushaltsplanung und Schulden' },
  },
  groups: {
    'forsta-linjen': 'Fragen und Service',
    samhallsbyggnad: 'Bauen, Wohnen und Verkehr',
    'barn-utbildning': 'Kinder und Bildung',
    'social-valfard': 'Unterstützung und Pflege',
  },
  counter: 'Schalter {n}',
  bygglovQuestion: { text: 'Geht es um einen Antrag, den Sie bereits eingereicht haben?', pending: 'Ja, um einen bereits eingereichten Antrag', new: 'Nein, um etwas Neues' },
};
