/**
 * The arrivals forecast (`GET /api/v1/forecast`, manager role): expected contacts per queue
 * (service) × channel × site-local date × 15-minute interval for the coming days, from the
 * stored history, with how well the same method did on the last weeks (backtest).
 */
import Type from 'typebox';
import { Id, IsoTime } from './common.js';
import { Channel } from './contacts.js';

const strict = { additionalProperties: false } as const;
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'site-local calendar date' });
const expected = Type.Number({ minimum: 0 });
/** A fraction (0.12 = 12 %); absent while there is nothing to divide by ("no data" is not 0 %). */
const errorRate = Type.Optional(Type.Number({ minimum: 0 }));

export const ForecastQuery = Type.Object({
  days: Type.Optional(Type.String({ pattern: '^([1-9]|1[0-9]|2[0-8])$', description: 'how many days from today, 1–28; default 7' })),
  service: Type.Optional(Id),
  channel: Type.Optional(Channel),
}, strict);
export type ForecastQuery = Type.Static<typeof ForecastQuery>;

export const ForecastSpecialDay = Type.Object({
  date: LocalDate,
  /** Multiplies the ordinary forecast of its weekday (1.3 = 30 % more). */
  factor: Type.Number({ minimum: 0 }),
  closed: Type.Boolean(),
  note: Type.Optional(Type.String()),
}, strict);
export type ForecastSpecialDay = Type.Static<typeof ForecastSpecialDay>;

/** The site's own special days (`GET /api/v1/forecast/special-days`); public holidays are built in and not listed. */
export const SpecialDayList = Type.Object({ specialDays: Type.Array(ForecastSpecialDay) }, strict);
export type SpecialDayList = Type.Static<typeof SpecialDayList>;

export const SpecialDayParams = Type.Object({ date: LocalDate }, strict);
export type SpecialDayParams = Type.Static<typeof SpecialDayParams>;

/** `PUT /api/v1/forecast/special-days/:date`: sets (or replaces) the day. */
export const PutSpecialDayRequest = Type.Object({
  factor: Type.Number({ minimum: 0, maximum: 10 }),
  closed: Type.Boolean(),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, strict);
export type PutSpecialDayRequest = Type.Static<typeof PutSpecialDayRequest>;

export const ForecastSeries = Type.Object({
  service: Id,
  channel: Channel,
  date: LocalDate,
  /**
   * Expected arrivals in each local wall-clock quarter of the date: index i is
   * [i × 15 min, (i + 1) × 15 min) after local midnight, 96 of them. On the spring DST change
   * 02:00–02:45 do not happen (0); on the autumn one they happen twice and count both.
   */
  intervals: Type.Array(expected, { minItems: 96, maxItems: 96 }),
  total: expected,
  /** The channel's trend factor applied (1 = level). */
  trend: Type.Number({ minimum: 0 }),
}, strict);
export type ForecastSeries = Type.Static<typeof ForecastSeries>;

export const ForecastAccuracy = Type.Object({ mape: errorRate, wape: errorRate }, strict);
export type ForecastAccuracy = Type.Static<typeof ForecastAccuracy>;

/**
 * Rolling origin over the last whole weeks before today: each week forecast from the days
 * before it, compared per service × channel × date × interval (mape, wape) and per day
 * (`daily`). WAPE = Σ|forecast − actual| ÷ Σ actual; MAPE = mean |forecast − actual| ÷ actual
 * over the cells where something arrived.
 */
export const ForecastBacktest = Type.Object({
  weeks: Type.Integer({ minimum: 0 }),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  mape: errorRate,
  wape: errorRate,
  daily: ForecastAccuracy,
}, strict);
export type ForecastBacktest = Type.Static<typeof ForecastBacktest>;

export const Forecast = Type.Object({
  site: Id,
  at: IsoTime,
  timeZone: Type.String(),
  intervalMinutes: Type.Literal(15),
  /** The forecast dates, today first. */
  dates: Type.Array(LocalDate),
  /** The stored history the forecast learned from (absent `from`: none yet). */
  history: Type.Object({ from: Type.Optional(LocalDate), to: LocalDate }, strict),
  /** Special days among the forecast dates (public holidays and the site's own). */
  specialDays: Type.Array(ForecastSpecialDay),
  series: Type.Array(ForecastSeries),
  backtest: ForecastBacktest,
}, strict);
export type Forecast = Type.Static<typeof Forecast>;
