import type { DemoText } from './types.js';

export const prs: DemoText = {
  services: {
    allmant: { name: 'سوالات عمومی', description: 'سوال در باره خدمات شاروالی، فورم‌ها و خدمات الکترونیکی' },
    bygglov: { name: 'جواز ساختمان', description: 'جواز ساختمان، اطلاع‌دهی و نقشه‌ها' },
    parkering: { name: 'پارکینگ', description: 'جواز پارکینگ و پارکینگ باشندگان' },
    skola: { name: 'کودکستان و مکتب', description: 'جای در کودکستان، انتخاب مکتب و مراقبت بعد از مکتب' },
    social: { name: 'خدمات اجتماعی', description: 'کمک مالی و حمایت' },
    aldre: { name: 'مراقبت از سالمندان', description: 'خدمات در خانه، زنگ خطر اضطراری و مسکن' },
    budget: { name: 'مشوره بودجه و قرض', description: 'کمک در بودجه و قرض‌ها' },
  },
  groups: {
    'forsta-linjen': 'سوالات و خدمات',
    samhallsbyggnad: 'ساختمان، مسکن و ترافیک',
    'barn-utbildning': 'اطفال و تعلیم',
    'social-valfard': 'حمایت و مراقبت',
  },
  counter: 'میز {n}',
  bygglovQuestion: { text: 'آیا در باره درخواستی است که قبلاً تسلیم کرده‌اید؟', pending: 'بلی، درخواستی که قبلاً تسلیم کرده‌ام', new: 'نخیر، موضوع تازه' },
};
