/** Times as facility staff read them: "14:05" today, "3 mars 14:05" another day (Swedish, local time). */
const clock = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit' });
const withSeconds = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function formatTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toDateString() === now.toDateString() ? clock.format(at) : dayAndClock.format(at);
}

export function formatClockSeconds(ms: number): string {
  return withSeconds.format(new Date(ms));
}
