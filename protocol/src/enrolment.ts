/**
 * Device enrolment (issue 9, DESIGN §7): an admin registers a kiosk, display or bridge and
 * gets a one-time code (`POST /api/v1/admin/devices`); the device trades it for its own
 * secret (`POST /api/v1/devices/enrol`); an admin can revoke it
 * (`POST /api/v1/admin/devices/{id}/revoke`), which cuts it off at once.
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';

const strict = { additionalProperties: false } as const;

export const EnrolledDeviceKind = Type.Union([Type.Literal('kiosk'), Type.Literal('display'), Type.Literal('bridge')]);
export type EnrolledDeviceKind = Type.Static<typeof EnrolledDeviceKind>;

/** `pending`: a code is out, nothing enrolled yet; `enrolled`: it has a working secret; `revoked`: cut off. */
export const CredentialState = Type.Union([Type.Literal('pending'), Type.Literal('enrolled'), Type.Literal('revoked')]);
export type CredentialState = Type.Static<typeof CredentialState>;

export const DeviceCredential = Type.Object({
  id: Id,
  site: Id,
  kind: EnrolledDeviceKind,
  name: Type.String(),
  state: CredentialState,
  /** A bridge's printers and counters (its broker rights follow from them). */
  printers: Type.Array(Id),
  counters: Type.Array(Id),
  createdAt: IsoTime,
  codeExpiresAt: Type.Union([IsoTime, Type.Null()]),
  enrolledAt: Type.Union([IsoTime, Type.Null()]),
  revokedAt: Type.Union([IsoTime, Type.Null()]),
}, strict);
export type DeviceCredential = Type.Static<typeof DeviceCredential>;

export const DeviceCredentialList = Type.Object({ devices: Type.Array(DeviceCredential) }, strict);
export type DeviceCredentialList = Type.Static<typeof DeviceCredentialList>;

export const RegisterDeviceRequest = Type.Object({
  kind: EnrolledDeviceKind,
  /** A kiosk's or display's existing id; a bridge's new one. */
  id: Id,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  printers: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  counters: Type.Optional(Type.Array(Id, { maxItems: 200 })),
}, strict);
export type RegisterDeviceRequest = Type.Static<typeof RegisterDeviceRequest>;

export const EnrolmentCode = Type.Object({
  device: DeviceCredential,
  /** Shown once, e.g. "K7M2Q-9XHTP"; only its hash is kept. */
  code: Type.String(),
  expiresAt: IsoTime,
}, strict);
export type EnrolmentCode = Type.Static<typeof EnrolmentCode>;

export const EnrolRequest = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 32 }),
}, strict);
export type EnrolRequest = Type.Static<typeof EnrolRequest>;

export const EnrolResult = Type.Object({
  device: Type.Object({ id: Id, site: Id, kind: EnrolledDeviceKind, name: Type.String() }, strict),
  /** The device's secret: the bearer token for HTTP, the password for MQTT (user name: the id). Browsers get it as an HttpOnly cookie too. */
  token: Type.String(),
  mqtt: Type.Object({ username: Id }, strict),
}, strict);
export type EnrolResult = Type.Static<typeof EnrolResult>;
