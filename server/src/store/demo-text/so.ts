import type { DemoText } from './types.js';

export const so: DemoText = {
  services: {
    allmant: { name: "Su'aalo guud", description: "Su'aalo ku saabsan adeegyada degmada, foomamka iyo adeegyada internetka" },
    bygglov: { name: 'Ruqsadda dhismaha', description: 'Ruqsadda dhismaha, ogeysiisyada iyo naqshadaha' },
    parkering: { name: 'Baarkinka', description: 'Ruqsadda baarkinka iyo baarkinka dadka degan xaafadda' },
    skola: { name: 'Xannaanada iyo dugsiga', description: 'Boos xannaanada carruurta, doorashada dugsiga iyo daryeelka dugsiga kadib' },
    social: { name: 'Adeegga bulshada', description: 'Kaalmo dhaqaale iyo taageero' },
    aldre: { name: 'Daryeelka waayeelka', description: 'Daryeelka guriga, qalabka digniinta badbaadada iyo hoyga' },
    budget: { name: 'La-talinta miisaaniyadda iyo deynta', description: 'Caawimaad ku saabsan miisaaniyadda iyo deymaha' },
  },
  groups: {
    'forsta-linjen': "Su'aalo iyo adeeg",
    samhallsbyggnad: 'Dhismo, guryo iyo gaadiid',
    'barn-utbildning': 'Carruurta iyo waxbarashada',
    'social-valfard': 'Taageero iyo daryeel',
  },
  counter: 'Miiska {n}',
  bygglovQuestion: { text: 'Ma ku saabsan tahay codsi aad hore u soo gudbisay?', pending: 'Haa, codsi aan hore u soo gudbiyay', new: 'Maya, wax cusub' },
};
