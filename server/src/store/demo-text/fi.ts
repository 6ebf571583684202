import type { DemoText } from './types.js';

export const fi: DemoText = {
  services: {
    allmant: { name: 'Yleiset kysymykset', description: 'Kysymykset kunnan palveluista, lomakkeista ja verkkoasioinnista' },
    bygglov: { name: 'Rakennusluvat', description: 'Rakennusluvat, ilmoitukset ja piirustukset' },
    parkering: { name: 'Pysäköinti', description: 'Pysäköintiluvat ja asukaspysäköinti' },
    skola: { name: 'Päiväkoti ja koulu', description: 'Päiväkotipaikka, kouluvalinta ja iltapäivätoiminta' },
    social: { name: 'Sosiaalipalvelut', description: 'Toimeentulotuki ja muu tuki' },
    aldre: { name: 'Vanhuspalvelut', description: 'Kotihoito, turvapuhelin ja asuminen' },
    budget: { name: 'Talous- ja velkaneuvonta', description: 'Apua raha-asioihin ja velkoihin' },
  },
  groups: {
    'forsta-linjen': 'Kysymykset ja palvelu',
    samhallsbyggnad: 'Rakentaminen, asuminen ja liikenne',
    'barn-utbildning': 'Lapset ja koulutus',
    'social-valfard': 'Tuki ja hoiva',
  },
  counter: 'Palvelupiste {n}',
  bygglovQuestion: { text: 'Koskeeko asia hakemusta, jonka olet jo jättänyt?', pending: 'Kyllä, jo jätettyä hakemusta', new: 'Ei, uusi asia' },
};
