/** The console shell's staff-facing text (Swedish, like every console page). */
import type { PageId } from './routes.js';

export const shellStrings = {
  app: 'Entré',
  nav: 'Sidor',
  pages: { counter: 'Disk', reception: 'Reception', facility: 'Fastighet', manager: 'Ledning', admin: 'Administration' } satisfies Record<PageId, string>,
  noAccess: 'Du har inte behörighet till den här sidan.',
  goTo: 'Gå till',
  noPages: 'Ditt konto har ingen roll som ger tillgång till någon sida i konsolen. Kontakta en administratör.',
} as const;
