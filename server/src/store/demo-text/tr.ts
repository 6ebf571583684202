import type { DemoText } from './types.js';

export const tr: DemoText = {
  services: {
    allmant: { name: 'Genel sorular', description: 'Belediye hizmetleri, formlar ve e-hizmetler hakkında sorular' },
    bygglov: { name: 'İnşaat ruhsatı', description: 'İnşaat ruhsatı, bildirimler ve çizimler' },
    parkering: { name: 'Park yeri', description: 'Park izni ve ikamet edenler için park izni' },
    skola: { name: 'Anaokulu ve okul', description: 'Anaokulunda yer, okul seçimi ve okul sonrası bakım' },
    social: { name: 'Sosyal hizmetler', description: 'Maddi yardım ve destek' },
    aldre: { name: 'Yaşlı bakımı', description: 'Evde bakım, acil durum alarmı ve konut' },
    budget: { name: 'Bütçe ve borç danışmanlığı', description: 'Bütçe ve borçlar konusunda yardım' },
  },
  groups: {
    'forsta-linjen': 'Sorular ve hizmet',
    samhallsbyggnad: 'İnşaat, konut ve trafik',
    'barn-utbildning': 'Çocuklar ve eğitim',
    'social-valfard': 'Destek ve bakım',
  },
  counter: 'Gişe {n}',
  bygglovQuestion: { text: 'Daha önce yaptığınız bir başvuruyla mı ilgili?', pending: 'Evet, daha önce yaptığım bir başvuru', new: 'Hayır, yeni bir konu' },
};
