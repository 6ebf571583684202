/**
 * Which conditions should have an open alert for facility staff (pure). A printer or device
 * that never reported raises nothing: "unknown" is shown in its row, not as an alarm.
 */
import type { AlertKind, PaperState } from '@entre/protocol';

export interface PrinterCondition { id: string; online: boolean; paper: PaperState; coverOpen: boolean; reported: boolean }
export interface DeviceCondition { id: string; state: 'online' | 'offline' }

export interface AlertCondition { kind: AlertKind; subject: string }

export function alertConditions(printers: readonly PrinterCondition[], devices: readonly DeviceCondition[]): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const p of printers) {
    if (!p.reported) continue;
    // An unreachable printer's paper and cover are not known; its offline alert says enough.
    // One that answers it is offline because of them (real printers stop at paper end or an
    // open cover) raises what to do about it instead.
    if (!p.online && p.paper !== 'out' && !p.coverOpen) { out.push({ kind: 'printer_offline', subject: p.id }); continue; }
    if (p.paper === 'out') out.push({ kind: 'paper_out', subject: p.id });
    else if (p.paper === 'near_end') out.push({ kind: 'paper_near_end', subject: p.id });
    if (p.coverOpen) out.push({ kind: 'cover_open', subject: p.id });
  }
  for (const d of devices) if (d.state === 'offline') out.push({ kind: 'device_offline', subject: d.id });
  return out;
}

export const conditionKey = (c: AlertCondition): string => `${c.kind} ${c.subject}`;

/** What to raise and what to clear, given the alerts open now and the conditions that hold. */
export function reconcileAlerts<A extends AlertCondition>(open: readonly A[], holding: readonly AlertCondition[]): { raise: AlertCondition[]; clear: A[] } {
  const want = new Set(holding.map(conditionKey));
  const have = new Set(open.map(conditionKey));
  return {
    raise: holding.filter((c, i) => !have.has(conditionKey(c)) && holding.findIndex((o) => conditionKey(o) === conditionKey(c)) === i),
    clear: open.filter((a) => !want.has(conditionKey(a))),
  };
}
