/**
 * The statistics table's figure columns: heading and cell text per row, in one place so the
 * table, its tests and the end-to-end check read the same definitions. `undefined`: no data
 * for that ratio (nothing to divide by), shown as "–" with a spoken "saknas".
 */
import type { StatisticsRow } from '@entre/protocol';
import { managerStrings as s } from './strings.js';
import { formatDuration, formatNumber, formatPercent, formatScore } from './format.js';

export interface StatisticsColumn {
  key: string;
  label: string;
  text(row: StatisticsRow): string | undefined;
}

const ratio = (v: number | undefined) => (v === undefined ? undefined : formatPercent(v));
const duration = (v: number | undefined) => (v === undefined ? undefined : formatDuration(Math.round(v)));

const c = s.statistics.col;
export const STATISTICS_COLUMNS: readonly StatisticsColumn[] = [
  { key: 'contacts', label: c.contacts, text: (r) => formatNumber(r.contacts, 0) },
  { key: 'answered', label: c.answered, text: (r) => formatNumber(r.answered, 0) },
  { key: 'serviceLevel', label: c.serviceLevel, text: (r) => ratio(r.serviceLevel) },
  { key: 'asa', label: c.asa, text: (r) => duration(r.asaSeconds) },
  { key: 'abandon', label: c.abandon, text: (r) => ratio(r.abandonmentRate) },
  { key: 'fcr', label: c.fcr, text: (r) => ratio(r.firstContactResolution) },
  { key: 'forwarded', label: c.forwarded, text: (r) => ratio(r.forwardedShare) },
  { key: 'noShow', label: c.noShow, text: (r) => ratio(r.noShowRate) },
  { key: 'handle', label: c.handle, text: (r) => duration(r.meanHandleSeconds) },
  { key: 'satisfaction', label: c.satisfaction, text: (r) => (r.satisfaction === undefined ? undefined : formatScore(r.satisfaction)) },
];
