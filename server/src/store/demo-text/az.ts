import type { DemoText } from './types.js';

export const az: DemoText = {
  services: {
    allmant: { name: 'Ümumi suallar', description: 'Bələdiyyə xidmətləri, blanklar və elektron xidmətlər barədə suallar' },
    bygglov: { name: 'Tikinti icazəsi', description: 'Tikinti icazəsi, bildirişlər və çertyojlar' },
    parkering: { name: 'Parklanma', description: 'Parklanma icazəsi və sakinlər üçün parklanma' },
    skola: { name: 'Uşaq bağçası və məktəb', description: 'Bağçada yer, məktəb seçimi və dərsdən sonra uşaq qayğısı' },
    social: { name: 'Sosial xidmətlər', description: 'Maddi yardım və dəstək' },
    aldre: { name: 'Yaşlılara qayğı', description: 'Evdə qulluq, təcili çağırış düyməsi və yaşayış yeri' },
    budget: { name: 'Büdcə və borc üzrə məsləhət', description: 'Büdcə və borclarla bağlı kömək' },
  },
  groups: {
    'forsta-linjen': 'Suallar və xidmət',
    samhallsbyggnad: 'Tikinti, mənzil və nəqliyyat',
    'barn-utbildning': 'Uşaqlar və təhsil',
    'social-valfard': 'Dəstək və qayğı',
  },
  counter: 'Masa {n}',
  bygglovQuestion: { text: 'Bu, artıq təqdim etdiyiniz müraciətlə bağlıdır?', pending: 'Bəli, artıq təqdim etdiyim müraciətlə bağlıdır', new: 'Xeyr, yeni məsələ' },
};
