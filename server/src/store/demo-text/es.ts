import type { DemoText } from './types.js';

export const es: DemoText = {
  services: {
    allmant: { name: 'Consultas generales', description: 'Preguntas sobre los servicios del municipio, formularios y trámites en línea' },
    bygglov: { name: 'Licencias de obra', description: 'Licencias de obra, comunicaciones y planos' },
    parkering: { name: 'Estacionamiento', description: 'Permisos de estacionamiento y estacionamiento para residentes' },
    skola: { name: 'Preescolar y escuela', description: 'Plaza en preescolar, elección de escuela y cuidado después de clase' },
    social: { name: 'Servicios sociales', description: 'Ayuda económica y apoyo' },
    aldre: { name: 'Atención a personas mayores', description: 'Ayuda a domicilio, alarma de seguridad y vivienda' },
    budget: { name: 'Asesoramiento sobre economía y deudas', description: 'Ayuda con su presupuesto y sus deudas' },
  },
  groups: {
    'forsta-linjen': 'Consultas y atención',
    samhallsbyggnad: 'Construcción, vivienda y tráfico',
    'barn-utbildning': 'Infancia y educación',
    'social-valfard': 'Apoyo y cuidados',
  },
  counter: 'Ventanilla {n}',
  bygglovQuestion: { text: '¿Se trata de una solicitud que ya ha presentado?', pending: 'Sí, una solicitud ya presentada', new: 'No, algo nuevo' },
};
