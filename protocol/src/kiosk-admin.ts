/**
 * The kiosk's own staff screen, behind a PIN that staff set from the console: a
 * long press on the header opens a PIN pad; the right PIN shows the kiosk's state and a
 * test print. Visitors never get further than the PIN pad, and five wrong PINs lock it.
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';
import { PaperState } from './mqtt.js';

const strict = { additionalProperties: false } as const;

export const KioskPin = Type.String({ pattern: '^[0-9]{4,8}$', description: '4–8 digits' });

export const KioskPinRequest = Type.Object({ pin: KioskPin }, strict);
export type KioskPinRequest = Type.Static<typeof KioskPinRequest>;

export const KioskDiagnostics = Type.Object({
  kiosk: Id,
  name: Type.String(),
  site: Id,
  serverTime: IsoTime,
  languages: Type.Integer({ minimum: 0 }),
  openServices: Type.Integer({ minimum: 0 }),
  printer: Type.Optional(Type.Object({
    id: Id,
    name: Type.String(),
    online: Type.Boolean(),
    paper: PaperState,
    coverOpen: Type.Boolean(),
    statusAt: Type.Optional(IsoTime),
  }, strict)),
}, strict);
export type KioskDiagnostics = Type.Static<typeof KioskDiagnostics>;
