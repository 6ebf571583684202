import type { DemoText } from './types.js';

export const ru: DemoText = {
  services: {
    allmant: { name: 'Общие вопросы', description: 'Вопросы о муниципальных услугах, бланках и электронных услугах' },
    bygglov: { name: 'Разрешение на строительство', description: 'Разрешения на строительство, уведомления и чертежи' },
    parkering: { name: 'Парковка', description: 'Разрешения на парковку и парковка для жителей' },
    skola: { name: 'Детский сад и школа', description: 'Место в детском саду, выбор школы и группа продлённого дня' },
    social: { name: 'Социальная служба', description: 'Финансовая помощь и поддержка' },
    aldre: { name: 'Уход за пожилыми', description: 'Помощь на дому, тревожная кнопка и жильё' },
    budget: { name: 'Консультации по бюджету и долгам', description: 'Помощь с бюджетом и долгами' },
  },
  groups: {
    'forsta-linjen': 'Вопросы и услуги',
    samhallsbyggnad: 'Строительство, жильё и транспорт',
    'barn-utbildning': 'Дети и образование',
    'social-valfard': 'Поддержка и уход',
  },
  counter: 'Окно {n}',
  bygglovQuestion: { text: 'Речь о заявлении, которое вы уже подали?', pending: 'Да, заявление уже подано', new: 'Нет, это новый вопрос' },
};
