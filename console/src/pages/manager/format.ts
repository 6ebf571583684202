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
