import type { DemoText } from './types.js';

export const hr: DemoText = {
  services: {
    allmant: { name: 'Opća pitanja', description: 'Pitanja o općinskim uslugama, obrascima i e-uslugama' },
    bygglov: { name: 'Građevinska dozvola', description: 'Građevinske dozvole, prijave i nacrti' },
    parkering: { name: 'Parkiranje', description: 'Parkirne dozvole i parkiranje za stanare' },
    skola: { name: 'Vrtić i škola', description: 'Mjesto u vrtiću, odabir škole i produženi boravak' },
    social: { name: 'Socijalna skrb', description: 'Novčana pomoć i podrška' },
    aldre: { name: 'Skrb o starijim osobama', description: 'Pomoć u kući, sigurnosni alarm i smještaj' },
    budget: { name: 'Savjetovanje o budžetu i dugovima', description: 'Pomoć oko budžeta i dugova' },
  },
  groups: {
    'forsta-linjen': 'Pitanja i usluge',
    samhallsbyggnad: 'Gradnja, stanovanje i promet',
    'barn-utbildning': 'Djeca i obrazovanje',
    'social-valfard': 'Podrška i skrb',
  },
  counter: 'Šalter {n}',
  bygglovQuestion: { text: 'Odnosi li se to na zahtjev koji ste već predali?', pending: 'Da, zahtjev je već predan', new: 'Ne, nešto novo' },
};
