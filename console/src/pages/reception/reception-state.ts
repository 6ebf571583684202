/**
 * The reception page's state: every queue (polled), the colleagues to pin to, the day's
 * bookings, and the last action with its undo. One factory over the console's `Http`;
 * components read the signals and call the actions.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { batch, signal } from '@preact/signals';
import {
  AgentList, Appointment, AppointmentList, Contact, ReceptionPrinterList, ReceptionQueues, Ticket, lightChecker, pick,
  type Agent, type PriorityReason, type ReceptionContact, type ReceptionPrinter, ReceptionQueue,
} from '@entre/protocol';
import { ApiError, randomKey, type Http } from '@entre/web-common/http';
import { moveOrder, undoOrder, type OrderEntry } from './rank-plan.js';
import { rx } from './strings.js';
import { timeOf } from './format.js';
import { createPoller } from '../../lib/poll.js';

const checkQueues = lightChecker(ReceptionQueues);
const checkContact = lightChecker(Contact);
const checkQueue = lightChecker(ReceptionQueue);
const checkAgents = lightChecker(AgentList);
const checkTicket = lightChecker(Ticket);
const checkAppointment = lightChecker(Appointment);
const checkAppointments = lightChecker(AppointmentList);
const checkPrinters = lightChecker(ReceptionPrinterList);

/** How often the queues are read again while the page is open. */
/** A safety net only: changes arrive over the live link (lib/live.ts). */
export const POLL_MS = 15_000;

/** What happened last, for the status line; `undo` puts it back where the API allows. */
export interface Notice { id: number; text: string; undo?: () => Promise<void> }

/** A control of a contact's row to focus after a redraw, else the heading of `service`. */
export interface FocusRequest { contact: string; control: 'up' | 'down' | 'manage'; service: string }

/** The contact reception has opened to act on, with the queue it stood in. */
export interface Selected { contact: ReceptionContact; service: string }

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.failure === 'network') return rx.networkError;
    if (err.failure === 'contract') return rx.unexpected;
    return err.detail;
  }
  return rx.unexpected;
}

export const contactName = (c: Pick<ReceptionContact, 'number' | 'channel'>) => rx.contactLabel(c.number, c.channel);

export function createReceptionState(http: Http, opts: { now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const queues = signal<ReceptionQueues | null>(null);
  /** When the last good answer came, by this desk's clock, to age the server's `at`. */
  const fetchedAt = signal<number>(0);
  const refreshError = signal<string | null>(null);
  const agents = signal<Agent[]>([]);
  const notice = signal<Notice | null>(null);
  /** A move or an undo in flight: the arrows wait, so two quick clicks do not cross. */
  const busy = signal(false);
  const selected = signal<Selected | null>(null);
  const appointmentsDay = signal<string | null>(null);
  const appointments = signal<Appointment[] | null>(null);
  const appointmentsError = signal<string | null>(null);
  const lastBooked = signal<Appointment | null>(null);
  /** The last ticket issued here, shown large until it is voided or another is issued. */
  const lastIssued = signal<Ticket | null>(null);
  /** The site's printers, to print a desk ticket on one (or on none). */
  const printers = signal<ReceptionPrinter[]>([]);
  /**
   * Where the focus goes once the queues have redrawn: the moved row's arrow, or the
   * contact's "Hantera" button after the dialog, or its queue's heading when it left.
   */
  const focusRequest = signal<FocusRequest | null>(null);
  let noticeSeq = 0;

  const say = (text: string, undo?: () => Promise<void>) => {
    notice.value = { id: ++noticeSeq, text, ...(undo ? { undo } : {}) };
  };

  const serviceName = (id: string) => {
    const q = queues.value?.queues.find((s) => s.service === id);
    return q ? pick(q.name, 'sv') : id;
  };
  const agentName = (id: string) => agents.value.find((a) => a.id === id)?.name ?? id;

  /** The server's clock now: its `at`, aged by how long ago it was read here. */
  const serverNow = () => {
    const q = queues.value;
    return q ? Date.parse(q.at) + (now() - fetchedAt.value) : now();
  };

  const poller = createPoller(async () => {
    try {
      const q = await http.get('/reception/queues', checkQueues);
      batch(() => {
        queues.value = q;
        fetchedAt.value = now();
        refreshError.value = null;
      });
    } catch (err) {
      refreshError.value = describeError(err);
    }
  }, POLL_MS);
  const { refresh } = poller;

  async function loadAgents(): Promise<void> {
    try {
      const list = await http.get('/agents', checkAgents);
      agents.value = [...list.agents].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    } catch {
      // The pin list stays empty; the dialog says so. Queues still work.
    }
  }

  async function loadPrinters(): Promise<void> {
    try {
      printers.value = (await http.get('/reception/printers', checkPrinters)).printers;
    } catch {
      // No list: tickets are issued without paper; the form offers only that.
    }
  }

  async function loadAppointments(day: string): Promise<void> {
    appointmentsDay.value = day;
    try {
      const list = await http.get(`/appointments?day=${encodeURIComponent(day)}`, checkAppointments);
      if (appointmentsDay.value !== day) return;
      appointments.value = [...list.appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      appointmentsError.value = null;
    } catch (err) {
      appointmentsError.value = describeError(err);
    }
  }

  /** Runs an action that changes a queue, then reads the queues at once. */
  async function change<T>(work: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await work();
    } finally {
      await refresh();
      busy.value = false;
    }
  }

  const contactPost = (id: string, action: string, body: unknown) => http.post(`/contacts/${encodeURIComponent(id)}/${action}`, body, checkContact);
  /** The front of one errand's line in this order, all or nothing; the queue as it now stands. */
  const postOrder = (service: string, order: OrderEntry[]) => http.post(`/reception/queues/${encodeURIComponent(service)}/order`, { order }, checkQueue);

  /** Puts a contact back as it stood: its errand (keeping the place), its rank and its pin. */
  async function restore(before: ReceptionContact, service: string): Promise<void> {
    const after = await http.get(`/contacts/${encodeURIComponent(before.id)}`, checkContact);
    if (after.service !== service) await contactPost(before.id, 'transfer', { service, keepPlace: true });
    if (before.rank !== undefined) await contactPost(before.id, 'rank', { rank: before.rank });
    if ((before.pinnedAgent ?? null) !== (after.pinnedAgent ?? null) || after.service !== service) {
      if (before.pinnedAgent) await contactPost(before.id, 'pin', { agent: before.pinnedAgent });
      else if (after.pinnedAgent) await contactPost(before.id, 'pin', { agent: null });
    }
  }

  const undoable = (before: ReceptionContact, service: string) => async () => {
    await change(async () => {
      try {
        await restore(before, service);
        say(rx.transferredBack(contactName(before), serviceName(service)));
      } catch (err) {
        say(`${rx.errorPrefix} ${describeError(err)}`);
      }
    });
  };

  return {
    queues, fetchedAt, refreshError, agents, notice, busy, selected, focusRequest,
    appointments, appointmentsDay, appointmentsError, lastBooked, lastIssued, printers,
    serviceName, agentName, serverNow, refresh, loadAgents, loadPrinters, loadAppointments,

    start() {
      poller.start();
      void loadAgents();
      void loadPrinters();
    },
    stop: poller.stop,

    /**
     * One place up or down in its queue: the front of the line in its new order, in one
     * request the server applies whole or refuses (someone changed the line meanwhile: the
     * line is re-read and nothing moved). Undo puts the same contacts back in their order.
     */
    async move(queue: ReceptionQueue, contact: ReceptionContact, direction: 'up' | 'down'): Promise<void> {
      if (busy.value) return;
      const index = queue.waiting.findIndex((c) => c.id === contact.id);
      const order = moveOrder(queue.waiting, index, direction);
      if (!order.length) return;
      await change(async () => {
        try {
          const after = await postOrder(queue.service, order);
          focusRequest.value = { contact: contact.id, control: direction, service: queue.service };
          say(rx.moved(contactName(contact), direction), async () => {
            await change(async () => {
              try {
                await postOrder(queue.service, undoOrder(queue.waiting, order, after.waiting));
                say(rx.undone);
              } catch (err) {
                say(`${rx.errorPrefix} ${describeError(err)}`);
              }
            });
          });
        } catch (err) {
          say(`${rx.errorPrefix} ${describeError(err)}`);
        }
      });
    },

    /** Throws the API's refusal, so the dialog shows it beside the form. */
    async transfer(sel: Selected, to: string, keepPlace: boolean, note: string): Promise<void> {
      await change(async () => {
        await contactPost(sel.contact.id, 'transfer', { service: to, keepPlace, ...(note.trim() ? { note: note.trim() } : {}) });
        // The place is restored only if it was kept; a move to the back cannot be undone exactly.
        say(rx.transferred(contactName(sel.contact), serviceName(to)), keepPlace ? undoable(sel.contact, sel.service) : undefined);
      });
    },

    async pin(sel: Selected, agent: string | null): Promise<void> {
      const before = sel.contact.pinnedAgent ?? null;
      await change(async () => {
        await contactPost(sel.contact.id, 'pin', { agent });
        const who = contactName(sel.contact);
        say(agent ? rx.pinned(who, agentName(agent)) : rx.unpinned(who), async () => {
          await change(async () => {
            try {
              await contactPost(sel.contact.id, 'pin', { agent: before });
              say(rx.undone);
            } catch (err) {
              say(`${rx.errorPrefix} ${describeError(err)}`);
            }
          });
        });
      });
    },

    /** Final: the lifecycle has no way back from cancelled, so the dialog asks first. */
    async cancel(sel: Selected, reason: string): Promise<void> {
      await change(async () => {
        await contactPost(sel.contact.id, 'cancel', reason ? { reason } : {});
        say(rx.cancelled(contactName(sel.contact)));
      });
    },

    /**
     * A ticket for a visitor at the desk, issued as the signed-in staff member (audited),
     * printed on `printer` or, with none, not at all; undo voids it at once.
     */
    async issueTicket(service: string, language: string, priority: PriorityReason | null, printer: string | null = null): Promise<Ticket> {
      return change(async () => {
        const ticket = await http.post('/reception/tickets', { service, language, ...(priority ? { priority } : {}), ...(printer ? { printer } : {}) }, checkTicket,
          { 'idempotency-key': randomKey() });
        lastIssued.value = ticket;
        const printedOn = ticket.print.state === 'queued' || ticket.print.state === 'printed'
          ? printers.value.find((p) => p.id === ticket.print.printer)?.name ?? ticket.print.printer : undefined;
        say(`${rx.issued(ticket.number, pick(ticket.serviceName, 'sv'))} ${printedOn ? rx.issuedPrintedOn(printedOn) : rx.issuedNotPrinted}`, async () => {
          await change(async () => {
            try {
              await contactPost(ticket.id, 'cancel', { reason: rx.undoIssueReason });
              if (lastIssued.value?.id === ticket.id) lastIssued.value = null;
              say(rx.issuedUndone(ticket.number));
            } catch (err) {
              say(`${rx.errorPrefix} ${describeError(err)}`);
            }
          });
        });
        return ticket;
      });
    },

    async book(service: string, startsAt: Date, language: string, day: string): Promise<Appointment> {
      const booked = await http.post('/appointments', { service, startsAt: startsAt.toISOString(), language }, checkAppointment);
      lastBooked.value = booked;
      await loadAppointments(day);
      return booked;
    },

    async cancelAppointment(a: Appointment): Promise<void> {
      await http.post(`/appointments/${encodeURIComponent(a.id)}/cancel`, {}, checkAppointment);
      if (lastBooked.value?.id === a.id) lastBooked.value = null;
      say(rx.appointmentCancelled(timeOf(a.startsAt)));
      if (appointmentsDay.value) await loadAppointments(appointmentsDay.value);
    },

    dismissNotice() { notice.value = null; },
  };
}

export type ReceptionState = ReturnType<typeof createReceptionState>;

export const ReceptionContext = createContext<ReceptionState | null>(null);

export function useReception(): ReceptionState {
  const state = useContext(ReceptionContext);
  if (!state) throw new Error('useReception outside <ReceptionContext.Provider>');
  return state;
}
