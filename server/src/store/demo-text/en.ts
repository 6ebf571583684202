import type { DemoText } from './types.js';

export const en: DemoText = {
  services: {
    allmant: { name: 'General questions', description: 'Questions about municipal services, forms and e-services' },
    bygglov: { name: 'Building permits', description: 'Building permits, notifications and drawings' },
    parkering: { name: 'Parking', description: 'Parking permits and resident parking' },
    skola: { name: 'Preschool and school', description: 'Preschool places, school choice and after-school care' },
    social: { name: 'Social services', description: 'Financial assistance and support' },
    aldre: { name: 'Elderly care', description: 'Home care, safety alarms and housing' },
    budget: { name: 'Budget and debt counselling', description: 'Help with budget and debts' },
  },
  groups: {
    'forsta-linjen': 'Questions and service',
    samhallsbyggnad: 'Building, housing and traffic',
    'barn-utbildning': 'Children and education',
    'social-valfard': 'Support and care',
  },
  counter: 'Counter {n}',
  bygglovQuestion: { text: 'Is it about an application you have already submitted?', pending: 'Yes, an application I have already submitted', new: 'No, something new' },
};
