import type { DemoText } from './types.js';

export const bs: DemoText = {
  services: {
    allmant: { name: 'Opća pitanja', description: 'Pitanja o općinskim uslugama, obrascima i e-uslugama' },
    bygglov: { name: 'Građevinska dozvola', description: 'Građevinske dozvole, prijave i nacrti' },
    parkering: { name: 'Parkiranje', description: 'Dozvole za parkiranje i parkiranje za stanare' },
    skola: { name: 'Vrtić i škola', description: 'Mjesto u vrtiću, izbor škole i produženi boravak' },
    social: { name: 'Socijalna zaštita', description: 'Novčana pomoć i podrška' },
    aldre: { name: 'Briga o starijim osobama', description: 'Pomoć u kući, sigurnosni alarm i smještaj' },
    budget: { name: 'Savjetovanje o budžetu i dugovima', description: 'Pomoć s budžetom i dugovima' },
  },
  groups: {
    'forsta-linjen': 'Pitanja i usluge',
    samhallsbyggnad: 'Gradnja, stanovanje i saobraćaj',
    'barn-utbildning': 'Djeca i obrazovanje',
    'social-valfard': 'Podrška i briga',
  },
  counter: 'Šalter {n}',
  bygglovQuestion: { text: 'Da li se radi o zahtjevu koji ste već predali?', pending: 'Da, zahtjev je već predan', new: 'Ne, nešto novo' },
};
