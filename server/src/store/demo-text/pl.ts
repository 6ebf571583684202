import type { DemoText } from './types.js';

export const pl: DemoText = {
  services: {
    allmant: { name: 'Sprawy ogólne', description: 'Pytania o usługi gminy, formularze i e-usługi' },
    bygglov: { name: 'Pozwolenie na budowę', description: 'Pozwolenia na budowę, zgłoszenia i rysunki' },
    parkering: { name: 'Parkowanie', description: 'Zezwolenia parkingowe i parkowanie dla mieszkańców' },
    skola: { name: 'Przedszkole i szkoła', description: 'Miejsce w przedszkolu, wybór szkoły i świetlica' },
    social: { name: 'Pomoc społeczna', description: 'Pomoc finansowa i wsparcie' },
    aldre: { name: 'Opieka nad seniorami', description: 'Opieka domowa, teleopieka i mieszkania dla seniorów' },
    budget: { name: 'Doradztwo budżetowe i w sprawie długów', description: 'Pomoc w sprawie budżetu domowego i długów' },
  },
  groups: {
    'forsta-linjen': 'Pytania i obsługa',
    samhallsbyggnad: 'Budowa, mieszkanie i komunikacja',
    'barn-utbildning': 'Dzieci i edukacja',
    'social-valfard': 'Wsparcie i opieka',
  },
  counter: 'Stanowisko {n}',
  bygglovQuestion: { text: 'Czy chodzi o wniosek, który został już złożony?', pending: 'Tak, o wniosek już złożony', new: 'Nie, o nową sprawę' },
};
