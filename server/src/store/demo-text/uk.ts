import type { DemoText } from './types.js';

export const uk: DemoText = {
  services: {
    allmant: { name: 'Загальні питання', description: 'Питання про муніципальні послуги, бланки та електронні послуги' },
    bygglov: { name: 'Дозвіл на будівництво', description: 'Дозволи на будівництво, повідомлення та креслення' },
    parkering: { name: 'Паркування', description: 'Дозволи на паркування та паркування для мешканців' },
    skola: { name: 'Дитсадок і школа', description: 'Місце в дитсадку, вибір школи та група продовженого дня' },
    social: { name: 'Соціальна служба', description: 'Фінансова допомога та підтримка' },
    aldre: { name: 'Догляд за літніми людьми', description: 'Допомога вдома, тривожна кнопка та житло' },
    budget: { name: 'Консультації щодо бюджету та боргів', description: 'Допомога з бюджетом і боргами' },
  },
  groups: {
    'forsta-linjen': 'Питання та обслуговування',
    samhallsbyggnad: 'Будівництво, житло та транспорт',
    'barn-utbildning': 'Діти та освіта',
    'social-valfard': 'Підтримка та догляд',
  },
  counter: 'Вікно {n}',
  bygglovQuestion: { text: 'Це стосується заяви, яку ви вже подали?', pending: 'Так, уже поданої заяви', new: 'Ні, це нове питання' },
};
