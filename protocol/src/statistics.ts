/**
 * The manager's statistics (`GET /api/v1/statistics`): per day, ISO week or month of the
 * site's service days, per service, channel, answer group or in total. Also JSON's sibling
 * CSV (`format=csv` or `Accept: text/csv`), the same columns flattened.
 *
 * And how the center counts abandoned contacts (`/api/v1/statistics/settings`), which the
 * live dashboard's service level follows too.
 */
import Type from 'typebox';
import { Id } from './common.js';

const strict = { additionalProperties: false } as const;
const count = Type.Integer({ minimum: 0 });
const fraction = Type.Number({ minimum: 0, maximum: 1 });
const seconds = Type.Number({ minimum: 0 });
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a site-local date, YYYY-MM-DD' });

/**
 * How abandoned queue entries count, as centers define it.
 * - `shortAbandonSeconds`: an entry abandoned less than this many seconds after it entered
 *   the queue is a *short abandon* (a misdial, a caller who changed their mind): it was never
 *   really offered, so it counts in neither the service level nor the abandonment rate.
 *   0 (the default): every abandon counts.
 * - `abandonedInServiceLevel`: `counted` (default): service level = answered within the
 *   target ÷ (answered + abandoned); `excluded`: = answered within the target ÷ answered.
 *   The abandonment rate always counts the (non-short) abandons.
 */
export const StatisticsSettings = Type.Object({
  shortAbandonSeconds: Type.Integer({ minimum: 0, maximum: 3600, description: 'abandons sooner than this are not counted as offered; 0 = all count' }),
  abandonedInServiceLevel: Type.Union([Type.Literal('counted'), Type.Literal('excluded')], {
    description: 'counted: SL = in target ÷ (answered + abandoned); excluded: SL = in target ÷ answered',
  }),
}, strict);
export type StatisticsSettings = Type.Static<typeof StatisticsSettings>;

export const StatisticsPeriod = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]);
export type StatisticsPeriod = Type.Static<typeof StatisticsPeriod>;
export const StatisticsBy = Type.Union([Type.Literal('service'), Type.Literal('channel'), Type.Literal('answerGroup'), Type.Literal('total')]);
export type StatisticsBy = Type.Static<typeof StatisticsBy>;

/** Query strings arrive as text; `from`/`to` are inclusive site-local service days. */
export const StatisticsQuery = Type.Object({
  from: LocalDate,
  to: LocalDate,
  /** day (default), week (ISO, Monday–Sunday) or month. */
  period: Type.Optional(StatisticsPeriod),
  /** service, channel, answerGroup or total (default). */
  by: Type.Optional(StatisticsBy),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: text/csv for Excel; default JSON unless Accept asks for text/csv' })),
}, strict);
export type StatisticsQuery = Type.Static<typeof StatisticsQuery>;

/**
 * One period of one group. Counts, then ratios; a ratio is absent while its denominator is
 * 0 ("no data" is not 0 %). Definitions (queue entries as on the dashboard: a contact enters
 * a queue when issued or queued, and again when transferred after an answer):
 * - contacts: contacts whose service day is in the period, by their service at the end
 *   (after transfers), every outcome included (also cancelled and still open ones);
 * - answered / answeredInTarget / abandoned / shortAbandoned: queue entries, by the queue
 *   they were in; short abandons as the settings define them, not in `abandoned`;
 * - serviceLevel = answeredInTarget ÷ (answered + abandoned), or ÷ answered when the
 *   settings exclude abandons; asaSeconds = Σ wait of answered entries ÷ answered;
 *   abandonmentRate = abandoned ÷ (answered + abandoned);
 * - resolved / forwarded: contacts finished with that outcome; firstContactResolution =
 *   resolved ÷ (resolved + forwarded); forwardedShare (to the back office) = forwarded ÷
 *   (resolved + forwarded), its complement;
 * - noShow: contacts called that never came; noShowRate = noShow ÷ (noShow + resolved +
 *   forwarded), of the contacts that ended after being called;
 * - handled / meanHandleSeconds: finished contacts with a start, Σ (ended − first start) ÷ handled;
 * - rosa: finished contacts per ROSA level 1–8 (index 0 = level 1), those without a level not counted;
 * - rated / satisfaction: contacts the visitor rated, mean score 1–5.
 */
export const StatisticsRow = Type.Object({
  /** `2026-11-25`, `2026-W48` (ISO week-year and week) or `2026-11`. */
  period: Type.String(),
  /** The period's first and last day inside the asked range (a week may be cut by it). */
  start: LocalDate,
  end: LocalDate,
  /** The service or answer group id, the channel, or `total`. */
  group: Type.String(),
  /** The group's Swedish name (the console is for staff). */
  name: Type.String(),
  contacts: count,
  answered: count,
  answeredInTarget: count,
  abandoned: count,
  shortAbandoned: count,
  serviceLevel: Type.Optional(fraction),
  asaSeconds: Type.Optional(seconds),
  abandonmentRate: Type.Optional(fraction),
  resolved: count,
  forwarded: count,
  firstContactResolution: Type.Optional(fraction),
  forwardedShare: Type.Optional(fraction),
  noShow: count,
  noShowRate: Type.Optional(fraction),
  handled: count,
  meanHandleSeconds: Type.Optional(seconds),
  rosa: Type.Array(count, { minItems: 8, maxItems: 8 }),
  rated: count,
  satisfaction: Type.Optional(Type.Number({ minimum: 1, maximum: 5 })),
}, strict);
export type StatisticsRow = Type.Static<typeof StatisticsRow>;

export const Statistics = Type.Object({
  site: Id,
  from: LocalDate,
  to: LocalDate,
  period: StatisticsPeriod,
  by: StatisticsBy,
  settings: StatisticsSettings,
  /** Periods and groups with something to count, in time order, groups in the site's order. */
  rows: Type.Array(StatisticsRow),
}, strict);
export type Statistics = Type.Static<typeof Statistics>;
