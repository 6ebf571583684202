/**
 * Staff-facing text of the console, Swedish for now. One place, so a staff catalog (and
 * English for staff) can replace it later without touching components.
 */
export const strings = {
  appTitle: 'Entré – disk',
  servicePoint: 'Servicepunkt',
  choosePoint: 'Välj servicepunkt …',
  loadingPoints: 'Hämtar servicepunkter …',
  pointsFailed: 'Kunde inte hämta servicepunkterna.',
  noPoints: 'Inga servicepunkter finns.',
  retry: 'Försök igen',
  callNext: 'Ropa nästa',
  calling: 'Ropar …',
  called: 'Uppropad',
  lastCall: 'Senaste anrop',
  current: 'Pågående',
  service: 'Ärende',
  why: 'Varför',
  noneWaiting: 'Ingen väntar',
  waiting: 'Väntar',
  unknown: '–',
  error: 'Fel',
  networkError: 'Ingen kontakt med servern. Försök igen.',
  unexpectedError: 'Oväntat svar från servern.',
} as const;
