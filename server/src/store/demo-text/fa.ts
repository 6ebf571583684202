import type { DemoText } from './types.js';

export const fa: DemoText = {
  services: {
    allmant: { name: 'سؤالات عمومی', description: 'سؤال درباره خدمات شهرداری، فرم‌ها و خدمات اینترنتی' },
    bygglov: { name: 'پروانه ساختمان', description: 'پروانه ساختمان، اعلام کار ساختمانی و نقشه‌ها' },
    parkering: { name: 'پارکینگ', description: 'مجوز پارک و پارکینگ ساکنان' },
    skola: { name: 'مهدکودک و مدرسه', description: 'جا در مهدکودک، انتخاب مدرسه و مراقبت بعد از مدرسه' },
    social: { name: 'خدمات اجتماعی', description: 'کمک مالی و حمایت' },
    aldre: { name: 'مراقبت از سالمندان', description: 'خدمات در منزل، زنگ اضطراری و مسکن' },
    budget: { name: 'مشاوره بودجه و بدهی', description: 'کمک در بودجه‌بندی و بدهی‌ها' },
  },
  groups: {
    'forsta-linjen': 'سؤالات و خدمات',
    samhallsbyggnad: 'ساخت‌وساز، مسکن و ترافیک',
    'barn-utbildning': 'کودکان و آموزش',
    'social-valfard': 'حمایت و مراقبت',
  },
  counter: 'باجه {n}',
  bygglovQuestion: { text: 'آیا درباره درخواستی است که قبلاً ثبت کرده‌اید؟', pending: 'بله، درخواستی که قبلاً ثبت کرده‌ام', new: 'نه، موضوع تازه‌ای است' },
};
