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
  /** SQLite answered SQLITE_FULL (disk or page limit full): the change was rolled back whole. */
  | 'ENTRE_STORAGE_FULL'
  /** SQLite stayed locked by another writer past the busy timeout: rolled back, a retry may work. */
  | 'ENTRE_STORAGE_BUSY'
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
  /** An Idempotency-Key sent again with a different request than the one it made a ticket for. */
  | 'ENTRE_IDEMPOTENCY_KEY_REUSED'
  /** A device endpoint asked without (valid) enrolled device credentials. */
  | 'ENTRE_DEVICE_UNENROLLED'
  /** It did show a secret, but one revoked or replaced since. */
  | 'ENTRE_DEVICE_REVOKED'
  /** Enrolled, but as another device than the one it speaks for. */
  | 'ENTRE_DEVICE_MISMATCH'
  /** An enrolment code that is unknown, used or expired. */
  | 'ENTRE_BAD_ENROLMENT_CODE'
  /** Sign-in refused for a while after too many failures (core/login-throttle.ts). */
  | 'ENTRE_TOO_MANY_ATTEMPTS'
  /** A cookie-authenticated change sent from another site's page (http/csrf.ts). */
  | 'ENTRE_CSRF'
  /** Too many requests from one kiosk or address in a short time (core/rate-limit.ts). */
  | 'ENTRE_RATE_LIMITED';

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
