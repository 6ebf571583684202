/** Staff-facing text of sign-in, Swedish like the rest of the console (each page keeps its own strings.ts). */
export const authStrings = {
  title: 'Logga in',
  intro: 'Logga in med ditt personalkonto.',
  username: 'Användarnamn',
  password: 'Lösenord',
  submit: 'Logga in',
  submitting: 'Loggar in …',
  checking: 'Kontrollerar inloggning …',
  signOut: 'Logga ut',
  signedInAs: 'Inloggad:',
  expired: 'Du har loggats ut. Logga in igen.',
  networkError: 'Ingen kontakt med servern. Försök igen.',
  signOutFailed: 'Kunde inte logga ut. Försök igen.',
  unexpectedError: 'Oväntat svar från servern.',
} as const;
