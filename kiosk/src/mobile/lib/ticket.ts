/**
 * The part of the protocol's `Ticket` the phone page uses, checked by hand: the schema
 * checker (typebox) would multiply this page's JavaScript for a dozen fields. Anything
 * that does not look like a ticket is refused and the caller ignores it.
 */
import type { Localized, Ticket, VisitState } from '@entre/protocol';

export type MobileTicket = Pick<Ticket,
  'id' | 'number' | 'service' | 'serviceName' | 'language' | 'state' | 'waitingAhead' | 'recalls'
  | 'servicePoint' | 'servicePointName' | 'estimateMinutes' | 'priority' | 'caseTrackingCode' | 'rating'>;

const states: readonly VisitState[] = ['waiting', 'called', 'serving', 'parked', 'done', 'no_show', 'cancelled'];

/** Waiting, called, being served or paused: the visit is still going on. */
export function isOpen(state: VisitState): boolean {
  return state === 'waiting' || state === 'called' || state === 'serving' || state === 'parked';
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isLocalized(v: unknown): v is Localized {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const values = Object.values(v as Record<string, unknown>);
  return values.length > 0 && values.every(isString);
}

export function parseTicket(value: unknown): MobileTicket | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!isString(v.id) || !isString(v.number) || !isString(v.service) || !isString(v.language)) return null;
  if (!isString(v.state) || !states.includes(v.state as VisitState)) return null;
  if (!isLocalized(v.serviceName) || !isCount(v.waitingAhead) || !isCount(v.recalls)) return null;
  if (v.servicePointName !== undefined && !isLocalized(v.servicePointName)) return null;
  if (v.estimateMinutes !== undefined && !isCount(v.estimateMinutes)) return null;
  if (v.rating !== undefined && !(isCount(v.rating) && v.rating >= 1 && v.rating <= 5)) return null;
  const priority = v.priority;
  const ticket: MobileTicket = {
    id: v.id, number: v.number, service: v.service, serviceName: v.serviceName, language: v.language,
    state: v.state as VisitState, waitingAhead: v.waitingAhead, recalls: v.recalls,
  };
  if (isString(v.servicePoint)) ticket.servicePoint = v.servicePoint;
  if (v.servicePointName) ticket.servicePointName = v.servicePointName;
  if (v.estimateMinutes !== undefined) ticket.estimateMinutes = v.estimateMinutes;
  if (priority === 'accessibility' || priority === 'interpreter' || priority === 'staff') ticket.priority = priority;
  if (isString(v.caseTrackingCode) && v.caseTrackingCode) ticket.caseTrackingCode = v.caseTrackingCode;
  if (v.rating !== undefined) ticket.rating = v.rating;
  return ticket;
}
