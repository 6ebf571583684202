/** Domain errors carry a stable code; the HTTP edge maps each code to a status once. */
export type ErrorCode =
  | 'ENTRE_VALIDATION'
  | 'ENTRE_INVALID_PHONE'
  | 'ENTRE_SMS_NOT_WAITING'
  | 'ENTRE_SMS_UNAVAILABLE'
  | 'ENTRE_UNKNOWN_SERVICE'
  | 'ENTRE_UNKNOWN_KIOSK'
  | 'ENTRE_UNKNOWN_LANGUAGE'
  | 'ENTRE_TICKET_CLOSED_SERVICE'
  | 'ENTRE_TICKET_SEQUENCE_EXHAUSTED'
  | 'ENTRE_NOT_FOUND'
  | 'ENTRE_BODY_TOO_LARGE'
  | 'ENTRE_MALFORMED_BODY'
  | 'ENTRE_UNSUPPORTED_MEDIA_TYPE'
  | 'ENTRE_INVALID_TRANSITION'
  /** The client acted on a version of a record that has changed since it read it. */
  | 'ENTRE_VERSION_CONFLICT'
  | 'ENTRE_UNKNOWN_CONTACT'
  | 'ENTRE_UNKNOWN_AGENT'
  | 'ENTRE_AGENT_NOT_READY'
  | 'ENTRE_INTERNAL'
  | 'ENTRE_UNAUTHENTICATED'
  | 'ENTRE_FORBIDDEN'
  | 'ENTRE_BAD_CREDENTIALS'
  | 'ENTRE_USERNAME_TAKEN'
  | 'ENTRE_WEAK_PASSWORD'
  | 'ENTRE_LAST_ADMIN'
  | 'ENTRE_UNKNOWN_CASE'
  | 'ENTRE_CASE_TRANSITION'
  | 'ENTRE_CASE_CLOSED'
  | 'ENTRE_CONTACT_ON_OTHER_CASE'
  | 'ENTRE_UNKNOWN_ANSWER_GROUP'
  | 'ENTRE_UNKNOWN_SITE'
  | 'ENTRE_PREFIX_TAKEN'
  | 'ENTRE_IN_USE'
  | 'ENTRE_UNKNOWN_ZONE'
  | 'ENTRE_UNKNOWN_STAFF'
  | 'ENTRE_INVALID_WORK_PROFILE'
  | 'ENTRE_WRONG_SITE'
  | 'ENTRE_UNKNOWN_OPTION'
  | 'ENTRE_RATING_NOT_OPEN'
  | 'ENTRE_ALREADY_RATED'
  | 'ENTRE_APPOINTMENT_NOT_FOUND'
  | 'ENTRE_APPOINTMENT_MISSED'
  | 'ENTRE_BAD_PIN'
  | 'ENTRE_KIOSK_LOCKED'
  /** Sign-in refused for a while after too many failures (core/login-throttle.ts). */
  | 'ENTRE_TOO_MANY_ATTEMPTS';

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
