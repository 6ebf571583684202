import type { DemoText } from './types.js';

export const kmr: DemoText = {
  services: {
    allmant: { name: 'Pirsên giştî', description: 'Pirsên li ser xizmetên şaredariyê, form û xizmetên elektronîk' },
    bygglov: { name: 'Destûra avahiyê', description: 'Destûra avahiyê, agahdarî û nexşe' },
    parkering: { name: 'Parkkirin', description: 'Destûra parkkirinê û parkkirina ji bo niştecihan' },
    skola: { name: 'Baxçeyê zarokan û dibistan', description: 'Cih li baxçeyê zarokan, hilbijartina dibistanê û lênêrîna piştî dibistanê' },
    social: { name: 'Xizmetên civakî', description: 'Alîkariya aborî û piştgirî' },
    aldre: { name: 'Lênêrîna kal û pîran', description: 'Lênêrîna li malê, alarma ewlehiyê û cihê mayînê' },
    budget: { name: 'Şêwirmendiya budçe û deynan', description: 'Alîkarî ji bo budçe û deynan' },
  },
  groups: {
    'forsta-linjen': 'Pirs û xizmet',
    samhallsbyggnad: 'Avahî, xanî û trafîk',
    'barn-utbildning': 'Zarok û perwerde',
    'social-valfard': 'Piştgirî û lênêrîn',
  },
  counter: 'Mase {n}',
  bygglovQuestion: { text: 'Ma ev li ser serlêdaneke ku we berê şandiye ye?', pending: 'Erê, serlêdaneke ku min berê şandiye', new: 'Na, tiştekî nû' },
};
