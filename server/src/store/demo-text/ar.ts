import type { DemoText } from './types.js';

export const ar: DemoText = {
  services: {
    allmant: { name: 'أسئلة عامة', description: 'أسئلة عن خدمات البلدية والنماذج والخدمات الإلكترونية' },
    bygglov: { name: 'رخص البناء', description: 'رخص البناء والإشعارات والمخططات' },
    parkering: { name: 'مواقف السيارات', description: 'تصاريح الوقوف ومواقف السكان' },
    skola: { name: 'الروضة والمدرسة', description: 'مكان في الروضة، واختيار المدرسة، والرعاية بعد المدرسة' },
    social: { name: 'الخدمات الاجتماعية', description: 'المساعدة المالية والدعم' },
    aldre: { name: 'رعاية المسنين', description: 'الرعاية المنزلية، وجهاز إنذار الطوارئ، والسكن' },
    budget: { name: 'استشارات الميزانية والديون', description: 'مساعدة في الميزانية والديون' },
  },
  groups: {
    'forsta-linjen': 'الأسئلة والخدمة',
    samhallsbyggnad: 'البناء والسكن والمرور',
    'barn-utbildning': 'الأطفال والتعليم',
    'social-valfard': 'الدعم والرعاية',
  },
  counter: 'الشباك {n}',
  bygglovQuestion: { text: 'هل يتعلق الأمر بطلب قدّمته من قبل؟', pending: 'نعم، طلب قدّمته من قبل', new: 'لا، أمر جديد' },
};
