import type { DemoText } from './types.js';

export const sv: DemoText = {
  services: {
    allmant: { name: 'Allmänna frågor', description: 'Frågor om kommunens service, blanketter och e-tjänster' },
    bygglov: { name: 'Bygglov', description: 'Bygglov, anmälan och ritningar' },
    parkering: { name: 'Parkering', description: 'Parkeringstillstånd och boendeparkering' },
    skola: { name: 'Förskola och skola', description: 'Plats i förskola, skolval och fritids' },
    social: { name: 'Socialtjänst', description: 'Ekonomiskt bistånd och stöd' },
    aldre: { name: 'Äldreomsorg', description: 'Hemtjänst, trygghetslarm och boende' },
    budget: { name: 'Budget- och skuldrådgivning', description: 'Hjälp med budget och skulder' },
  },
  groups: {
    'forsta-linjen': 'Frågor och service',
    samhallsbyggnad: 'Bygga, bo och trafik',
    'barn-utbildning': 'Barn och utbildning',
    'social-valfard': 'Stöd och omsorg',
  },
  counter: 'Disk {n}',
  bygglovQuestion: { text: 'Gäller det ett ärende som du redan har lämnat in?', pending: 'Ja, ett ärende jag redan har lämnat in', new: 'Nej, något nytt' },
};
