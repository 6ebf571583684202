/** The demo site's visitor-facing data in one language: errands, answer groups, counters. */
export interface DemoText {
  services: Record<'allmant' | 'bygglov' | 'parkering' | 'skola' | 'social' | 'aldre' | 'budget', { name: string; description: string }>;
  groups: Record<'forsta-linjen' | 'samhallsbyggnad' | 'barn-utbildning' | 'social-valfard', string>;
  /** A counter's name; `{n}` is its number. */
  counter: string;
  /** The follow-up question the kiosk asks after "Building permits". */
  bygglovQuestion: { text: string; pending: string; new: string };
}
