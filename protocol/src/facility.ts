/**
 * Facility staff's view of the lobby's devices (`GET /api/v1/devices`) and the alerts that
 * send someone to one of them (`GET /api/v1/alerts`, `POST /api/v1/alerts/{id}/acknowledge`).
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';

const strict = { additionalProperties: false } as const;

/** `other`: a device that reports its availability but is no kiosk or display (a printer bridge). */
export const DeviceKind = Type.Union([Type.Literal('kiosk'), Type.Literal('display'), Type.Literal('other')]);
export type DeviceKind = Type.Static<typeof DeviceKind>;

/** `unknown`: the device never reported its availability. */
export const DeviceState = Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]);
export type DeviceState = Type.Static<typeof DeviceState>;

export const DeviceView = Type.Object({
  id: Id,
  kind: DeviceKind,
  name: Type.String(),
  zone: Type.Optional(Id),
  printer: Type.Optional(Id),
  state: DeviceState,
  /** When the device reported its current state. */
  since: Type.Optional(IsoTime),
}, strict);
export type DeviceView = Type.Static<typeof DeviceView>;

export const DeviceList = Type.Object({ devices: Type.Array(DeviceView) }, strict);
export type DeviceList = Type.Static<typeof DeviceList>;

export const AlertKind = Type.Union([
  Type.Literal('paper_near_end'), Type.Literal('paper_out'), Type.Literal('cover_open'),
  Type.Literal('printer_offline'), Type.Literal('device_offline'),
]);
export type AlertKind = Type.Static<typeof AlertKind>;

export const AlertView = Type.Object({
  id: Id,
  kind: AlertKind,
  /** The printer or device it is about. */
  subject: Id,
  subjectName: Type.String(),
  raisedAt: IsoTime,
  /** Set once the condition is gone (new paper, back online); the alert then stays listed a while. */
  clearedAt: Type.Optional(IsoTime),
  acknowledgedAt: Type.Optional(IsoTime),
  /** Who acknowledged it: the staff member's display name. */
  acknowledgedBy: Type.Optional(Type.String()),
}, strict);
export type AlertView = Type.Static<typeof AlertView>;

export const AlertList = Type.Object({ alerts: Type.Array(AlertView) }, strict);
export type AlertList = Type.Static<typeof AlertList>;
