import type { FastifyInstance, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { checker, describeIssues, type Problem, type ValidationIssue } from '@entre/protocol';
import type { TSchema } from 'typebox';
import { EntreError, type ErrorCode } from '../core/errors.js';

const statusOf: Record<ErrorCode, number> = {
  ENTRE_VALIDATION: 400,
  ENTRE_INVALID_PHONE: 400,
  ENTRE_SMS_NOT_WAITING: 409,
  ENTRE_SMS_UNAVAILABLE: 409,
  ENTRE_MALFORMED_BODY: 400,
  ENTRE_NOT_FOUND: 404,
  ENTRE_BODY_TOO_LARGE: 413,
  ENTRE_UNSUPPORTED_MEDIA_TYPE: 415,
  ENTRE_UNKNOWN_SERVICE: 422,
  ENTRE_UNKNOWN_KIOSK: 422,
  ENTRE_UNKNOWN_LANGUAGE: 422,
  ENTRE_TICKET_CLOSED_SERVICE: 409,
  ENTRE_UNKNOWN_OPTION: 422,
  ENTRE_RATING_NOT_OPEN: 409,
  ENTRE_ALREADY_RATED: 409,
  ENTRE_APPOINTMENT_NOT_FOUND: 404,
  ENTRE_APPOINTMENT_MISSED: 409,
  ENTRE_BAD_PIN: 403,
  ENTRE_DEVICE_UNENROLLED: 401,
  ENTRE_DEVICE_REVOKED: 401,
  ENTRE_DEVICE_MISMATCH: 403,
  ENTRE_BAD_ENROLMENT_CODE: 400,
  ENTRE_KIOSK_LOCKED: 429,
  ENTRE_IDEMPOTENCY_KEY_REUSED: 422,
  ENTRE_TOO_MANY_ATTEMPTS: 429,
  ENTRE_CSRF: 403,
  ENTRE_RATE_LIMITED: 429,
  ENTRE_TICKET_SEQUENCE_EXHAUSTED: 409,
  ENTRE_INVALID_TRANSITION: 409,
  ENTRE_VERSION_CONFLICT: 409,
  ENTRE_UNKNOWN_CONTACT: 404,
  ENTRE_UNKNOWN_AGENT: 404,
  ENTRE_AGENT_NOT_READY: 409,
  ENTRE_INTERNAL: 500,
  ENTRE_STORAGE_FULL: 503,
  ENTRE_STORAGE_BUSY: 503,
  ENTRE_UNAUTHENTICATED: 401,
  ENTRE_BAD_CREDENTIALS: 401,
  ENTRE_FORBIDDEN: 403,
  ENTRE_USERNAME_TAKEN: 409,
  ENTRE_LAST_ADMIN: 409,
  ENTRE_WEAK_PASSWORD: 422,
  ENTRE_UNKNOWN_CASE: 404,
  ENTRE_CASE_TRANSITION: 409,
  ENTRE_CASE_CLOSED: 409,
  ENTRE_CONTACT_ON_OTHER_CASE: 409,
  ENTRE_UNKNOWN_ANSWER_GROUP: 422,
  ENTRE_UNKNOWN_SITE: 422,
  ENTRE_PREFIX_TAKEN: 409,
  ENTRE_IN_USE: 409,
  ENTRE_UNKNOWN_ZONE: 422,
  ENTRE_UNKNOWN_STAFF: 422,
  ENTRE_INVALID_WORK_PROFILE: 400,
  ENTRE_WRONG_SITE: 409,
};

const titleOf: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Request body too large',
  415: 'Unsupported media type', 422: 'Unprocessable request', 429: 'Too many requests', 500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * SQLite refusing a write for lack of room or a lock is not a bug in the request: the
 * transaction rolled back whole, so staff get what to do instead of "something went wrong".
 */
function storageProblem(err: { name?: string; code?: string }): { code: 'ENTRE_STORAGE_FULL' | 'ENTRE_STORAGE_BUSY'; detail: string } | null {
  if (err.name !== 'SqliteError' || typeof err.code !== 'string') return null;
  if (err.code === 'SQLITE_FULL') {
    return { code: 'ENTRE_STORAGE_FULL', detail: "The server's disk is full, so nothing was saved. Ask IT support to free disk space on the server, then try again." };
  }
  if (err.code.startsWith('SQLITE_BUSY') || err.code.startsWith('SQLITE_LOCKED')) {
    return { code: 'ENTRE_STORAGE_BUSY', detail: 'The database is busy with other work, so nothing was saved. Try again in a moment.' };
  }
  return null;
}

function send(reply: FastifyReply, req: FastifyRequest, code: string, status: number, detail: string, issues?: ValidationIssue[]) {
  const body: Problem = {
    type: `https://entre.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf[status] ?? 'Error',
    status,
    detail,
    code,
    instance: req.url,
    ...(issues?.length ? { errors: issues } : {}),
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Route schemas are validated by the same TypeBox compiler the MQTT consumers use. */
export function useProtocolValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const check = checker(schema as TSchema);
    return (raw: unknown) => {
      // A POST without a body is an empty one: `curl -X POST …/recall` must just work.
      const data = httpPart === 'body' && raw === null ? {} : raw;
      const res = check(data);
      if (res.ok) return { value: data };
      const error = Object.assign(new Error(describeIssues(res.issues)), { issues: res.issues });
      return { error };
    };
  });
}

/** The one mapping from errors to RFC 9457 problem+json; 5xx never leak their message. */
export function useProblemErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { issues?: ValidationIssue[] }, req, reply) => {
    if (err instanceof EntreError) {
      const status = statusOf[err.code];
      if (status >= 500) req.log.error({ err }, 'request failed');
      return send(reply, req, err.code, status, status >= 500 ? 'Something went wrong on our side.' : err.message, err.details);
    }
    const storage = storageProblem(err);
    if (storage) {
      req.log.error({ err }, storage.code === 'ENTRE_STORAGE_FULL' ? 'disk full: the write was refused and rolled back' : 'database busy: the write was rolled back');
      reply.header('retry-after', storage.code === 'ENTRE_STORAGE_FULL' ? '60' : '1');
      return send(reply, req, storage.code, statusOf[storage.code], storage.detail);
    }
    if (err.code === 'FST_ERR_VALIDATION') {
      const where = (err as { validationContext?: string }).validationContext ?? 'request';
      return send(reply, req, 'ENTRE_VALIDATION', 400, `The ${where} is not valid: ${err.message}`, err.issues);
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, req, 'ENTRE_BODY_TOO_LARGE', 413, 'The request body is larger than this endpoint accepts.');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, req, 'ENTRE_UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json.');
    }
    if (err.statusCode === 400 && (err.code?.startsWith('FST_ERR_CTP') || err.name === 'SyntaxError')) {
      return send(reply, req, 'ENTRE_MALFORMED_BODY', 400, `The body is not valid JSON: ${err.message}`);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, 'ENTRE_VALIDATION', err.statusCode, err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 'ENTRE_INTERNAL', 500, 'Something went wrong on our side.');
  });
  app.setNotFoundHandler((req, reply) => send(reply, req, 'ENTRE_NOT_FOUND', 404, `Nothing at ${req.method} ${req.url.split('?')[0]}.`));
}
