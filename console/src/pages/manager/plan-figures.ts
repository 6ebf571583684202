/** Sums of the staffing plan for the week table and the per-queue table. Pure. */
import type { Channel, PlanDay } from '@entre/protocol';

/** Expected contacts over the day. */
export const forecastOf = (d: Pick<PlanDay, 'intervals'>): number => d.intervals.reduce((sum, i) => sum + i.forecast, 0);

/** The most heads needed at once (scheduled up for shrinkage). */
export const peakNeed = (d: Pick<PlanDay, 'intervals'>): number => Math.max(0, ...d.intervals.map((i) => i.requiredScheduled));

export interface QueueDay { service: string; channel: Channel; forecast: number; peak: number; quarters: number }

/** Each queue's day: expected contacts, the most heads it needs at once, and the heads missing; the shortest first. */
export function queueDays(day: Pick<PlanDay, 'intervals'>): QueueDay[] {
  const byQueue = new Map<string, QueueDay>();
  for (const i of day.intervals) {
    for (const q of i.queues) {
      const key = `${q.service}/${q.channel}`;
      const row = byQueue.get(key) ?? { service: q.service, channel: q.channel, forecast: 0, peak: 0, quarters: 0 };
      row.forecast += q.forecast;
      row.peak = Math.max(row.peak, q.requiredScheduled);
      row.quarters += Math.max(0, q.gap);
      byQueue.set(key, row);
    }
  }
  return [...byQueue.values()].sort((a, b) => b.quarters - a.quarters || b.forecast - a.forecast);
}
