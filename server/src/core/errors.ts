/** Domain errors carry a stable code; the HTTP edge maps each code to a status once. */
export type ErrorCode =
  | 'ENTRE_VALIDATION'
  | 'ENTRE_UNKNOWN_SERVICE'
  | 'ENTRE_UNKNOWN_KIOSK'
  | 'ENTRE_UNKNOWN_LANGUAGE'
  | 'ENTRE_TICKET_CLOSED_SERVICE'
  | 'ENTRE_TICKET_SEQUENCE_EXHAUSTED'
  | 'ENTRE_NOT_FOUND'
  | 'ENTRE_BODY_TOO_LARGE'
  | 'ENTRE_MALFORMED_BODY'
  | 'ENTRE_UNSUPPORTED_MEDIA_TYPE'
  | 'ENTRE_INTERNAL';

export class EntreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'EntreError';
  }
}
