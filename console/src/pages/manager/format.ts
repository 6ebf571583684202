/** Numbers as the dashboard shows them (Swedish): "83 %", "4 min 10 s", "–" for no data. */
const percent = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 0 });
const clock = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hourMinute = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit' });

export const NO_VALUE = '–';

export function formatPercent(fraction: number | undefined): string {
  return fraction === undefined ? NO_VALUE : percent.format(fraction);
}

/** A wait or a target time: whole seconds under a minute, minutes (and seconds) under an hour, then hours and minutes. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.floor((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

export function formatClock(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : clock.format(at);
}

export function formatHourMinute(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : hourMinute.format(at);
}

const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** A count or an expected number: `1 234`, `3,2` (one decimal at most; `whole` for none). */
export function formatNumber(n: number | undefined, digits: 0 | 1 = 1): string {
  if (n === undefined) return NO_VALUE;
  return (digits === 0 ? whole : decimal).format(n);
}

/** A mean score on the 1–5 scale: `4,2`. */
export function formatScore(n: number | undefined): string {
  return n === undefined ? NO_VALUE : decimal.format(n);
}
