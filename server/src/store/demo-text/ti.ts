import type { DemoText } from './types.js';

export const ti: DemoText = {
  services: {
    allmant: { name: 'ሓፈሻዊ ሕቶታት', description: 'ብዛዕባ ኣገልግሎታት ምምሕዳር፣ ቅጥዕታትን ናይ ኢንተርነት ኣገልግሎታትን ዝምልከቱ ሕቶታት' },
    bygglov: { name: 'ፍቓድ ህንጻ', description: 'ፍቓድ ህንጻ፣ ምሕባርን ንድፍታትን' },
    parkering: { name: 'ምዕሻግ መካይን', description: 'ፍቓድ ምዕሻግን ንነበርቲ ዝኸውን መዕሸጊን' },
    skola: { name: 'መዋእለ ህጻናትን ቤት ትምህርትን', description: 'ቦታ ኣብ መዋእለ ህጻናት፣ ምርጫ ቤት ትምህርትን ድሕሪ ትምህርቲ ክንክንን' },
    social: { name: 'ማሕበራዊ ኣገልግሎት', description: 'ቁጠባዊ ሓገዝን ደገፍን' },
    aldre: { name: 'ክንክን ኣረጋውያን', description: 'ኣብ ገዛ ሓገዝ፣ ናይ ድሕነት ደወልን መንበሪ ገዛን' },
    budget: { name: 'ምኽሪ በጀትን ዕዳን', description: 'ሓገዝ ብዛዕባ በጀትን ዕዳን' },
  },
  groups: {
    'forsta-linjen': 'ሕቶታትን ኣገልግሎትን',
    samhallsbyggnad: 'ህንጻ፣ መንበሪን ትራፊክን',
    'barn-utbildning': 'ቆልዑን ትምህርትን',
    'social-valfard': 'ደገፍን ክንክንን',
  },
  counter: 'መስኮት {n}',
  bygglovQuestion: { text: 'ብዛዕባ ድሮ ዘቕረብኩምዎ ጉዳይ ድዩ?', pending: 'እወ፣ ድሮ ዘቕረብክዎ ጉዳይ', new: 'ኣይፋል፣ ሓድሽ ጉዳይ' },
};
