import type { DemoText } from './types.js';

export const sr: DemoText = {
  services: {
    allmant: { name: 'Општа питања', description: 'Питања о општинским услугама, обрасцима и е-услугама' },
    bygglov: { name: 'Грађевинска дозвола', description: 'Грађевинске дозволе, пријаве и нацрти' },
    parkering: { name: 'Паркирање', description: 'Дозволе за паркирање и паркирање за станаре' },
    skola: { name: 'Вртић и школа', description: 'Место у вртићу, избор школе и продужени боравак' },
    social: { name: 'Социјална заштита', description: 'Новчана помоћ и подршка' },
    aldre: { name: 'Брига о старијим особама', description: 'Помоћ у кући, сигурносни аларм и смештај' },
    budget: { name: 'Саветовање о буџету и дуговима', description: 'Помоћ око буџета и дугова' },
  },
  groups: {
    'forsta-linjen': 'Питања и услуге',
    samhallsbyggnad: 'Градња, становање и саобраћај',
    'barn-utbildning': 'Деца и образовање',
    'social-valfard': 'Подршка и брига',
  },
  counter: 'Шалтер {n}',
  bygglovQuestion: { text: 'Да ли се ради о захтеву који сте већ предали?', pending: 'Да, захтев је већ предат', new: 'Не, нешто ново' },
};
