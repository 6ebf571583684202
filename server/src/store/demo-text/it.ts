import type { DemoText } from './types.js';

export const it: DemoText = {
  services: {
    allmant: { name: 'Informazioni generali', description: 'Domande sui servizi del Comune, moduli e servizi online' },
    bygglov: { name: 'Permessi di costruire', description: 'Permessi di costruire, comunicazioni e disegni tecnici' },
    parkering: { name: 'Parcheggi', description: 'Permessi di parcheggio e parcheggio per residenti' },
    skola: { name: 'Scuola dell\'infanzia e scuola', description: 'Posti nella scuola dell\'infanzia, scelta della scuola e doposcuola' },
    social: { name: 'Servizi sociali', description: 'Assistenza economica e sostegno' },
    aldre: { name: 'Assistenza agli anziani', description: 'Assistenza domiciliare, telesoccorso e alloggi' },
    budget: { name: 'Consulenza su bilancio familiare e debiti', description: 'Aiuto con il bilancio familiare e i debiti' },
  },
  groups: {
    'forsta-linjen': 'Domande e servizi',
    samhallsbyggnad: 'Edilizia, casa e traffico',
    'barn-utbildning': 'Infanzia e istruzione',
    'social-valfard': 'Sostegno e assistenza',
  },
  counter: 'Sportello {n}',
  bygglovQuestion: { text: 'Si tratta di una domanda che ha già presentato?', pending: 'Sì, una domanda già presentata', new: 'No, una cosa nuova' },
};
