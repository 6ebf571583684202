/**
 * Staff sign-in and administration bodies (`/api/v1/auth`, `/api/v1/staff`, `/api/v1/audit`).
 * The server validates with these; the console types with them.
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';

const strict = { additionalProperties: false } as const;

/** What a staff member may do; `admin` implicitly holds every other role (DESIGN §4). */
export const Role = Type.Union([
  Type.Literal('counter'), Type.Literal('reception'), Type.Literal('facility'), Type.Literal('manager'), Type.Literal('admin'),
]);
export type Role = Type.Static<typeof Role>;
export const ROLES: readonly Role[] = ['counter', 'reception', 'facility', 'manager', 'admin'];

/** The one role rule, shared by server and console: admin holds every role; no `wanted` means any staff. */
export function hasRole(held: readonly Role[], wanted: readonly Role[]): boolean {
  if (wanted.length === 0) return true;
  return held.includes('admin') || wanted.some((r) => held.includes(r));
}

export const Roles = Type.Array(Role, { minItems: 1, maxItems: 5, uniqueItems: true });

/** Case-insensitive on the server; no spaces, so it can be typed the same way every time. */
export const Username = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$',
  description: '2–64 characters: letters, digits, ".", "_" and "-"',
});

export const MIN_PASSWORD_LENGTH = 10;
/** A cap so a megabyte "password" cannot make hashing a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

/** A password being set; the length rule is also enforced where it is hashed. */
export const NewPassword = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });

export const DisplayName = Type.String({ minLength: 1, maxLength: 100 });

/**
 * Sign-in accepts any short strings: a malformed username is simply a wrong one, and the
 * answer must not differ from any other wrong credentials.
 */
export const LoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
}, strict);
export type LoginRequest = Type.Static<typeof LoginRequest>;

/** Who is signed in, as the console needs it. */
export const SignedInStaff = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
}, strict);
export type SignedInStaff = Type.Static<typeof SignedInStaff>;

/** Answer of `POST /auth/login` and `GET /auth/me`. */
export const SessionResponse = Type.Object({ staff: SignedInStaff }, strict);
export type SessionResponse = Type.Static<typeof SessionResponse>;

/** A staff account as administrators see it; never carries the password hash. */
export const StaffAccount = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
  site: Type.Union([Id, Type.Null()], { description: 'null: works at every site' }),
  active: Type.Boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
}, strict);
export type StaffAccount = Type.Static<typeof StaffAccount>;

export const StaffList = Type.Object({ staff: Type.Array(StaffAccount) }, strict);
export type StaffList = Type.Static<typeof StaffList>;

export const CreateStaffRequest = Type.Object({
  username: Username,
  displayName: DisplayName,
  roles: Roles,
  password: NewPassword,
  site: Type.Optional(Id),
}, strict);
export type CreateStaffRequest = Type.Static<typeof CreateStaffRequest>;

/** Any subset, at least one field; a new password signs the account out everywhere. */
export const UpdateStaffRequest = Type.Object({
  displayName: Type.Optional(DisplayName),
  roles: Type.Optional(Roles),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(NewPassword),
}, { ...strict, minProperties: 1 });
export type UpdateStaffRequest = Type.Static<typeof UpdateStaffRequest>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  staff: Type.Union([Type.String(), Type.Null()], { description: 'who acted; null for the system, the CLI or an unknown user' }),
  action: Type.String({ description: 'dotted verb, e.g. "auth.login", "staff.update"' }),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
}, strict);
export type AuditEntry = Type.Static<typeof AuditEntry>;

export const AuditList = Type.Object({ entries: Type.Array(AuditEntry) }, strict);
export type AuditList = Type.Static<typeof AuditList>;

/** Query strings arrive as text (the validator does not coerce), so numbers are patterns here. */
export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–999, default 100' })),
  before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'entries with a smaller id: the next page' })),
  staff: Type.Optional(Id),
  action: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,64}$' })),
}, strict);
export type AuditQuery = Type.Static<typeof AuditQuery>;

/** `POST /auth/sign-out-everywhere` and `POST /staff/{id}/sessions/end`: how many sessions ended. */
export const SessionsEnded = Type.Object({
  ended: Type.Integer({ minimum: 0, description: 'sessions (signed-in browsers) that were ended' }),
}, strict);
export type SessionsEnded = Type.Static<typeof SessionsEnded>;

/** `POST /auth/logout` answers 204 with no body; clients check the "nothing" with this. */
export const NoContent = Type.Undefined();
export type NoContent = Type.Static<typeof NoContent>;
