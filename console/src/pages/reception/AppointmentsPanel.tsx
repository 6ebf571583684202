import { useEffect, useRef, useState } from 'preact/hooks';
import { pick, type Appointment } from '@entre/protocol';
import { describeError, useReception } from './reception-state.js';
import { languageName, localDay, localTime, nextSlot, spacedCode, timeOf } from './format.js';
import { rx } from './strings.js';
import { Field } from './Field.js';

/** Book a time for a visitor (they get a six-digit code for the kiosk) and see a day's bookings. */
export function AppointmentsPanel() {
  const state = useReception();
  const data = state.queues.value;
  const services = data?.queues ?? [];
  const languages = data?.languages ?? [];
  const [slot] = useState(() => nextSlot(new Date()));
  const [service, setService] = useState('');
  const [date, setDate] = useState(localDay(slot));
  const [time, setTime] = useState(localTime(slot));
  const [language, setLanguage] = useState('sv');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const booked = state.lastBooked.value;
  const chosen = service || services[0]?.service || '';
  const today = localDay(new Date());
  const day = state.appointmentsDay.value ?? today;

  useEffect(() => { void state.loadAppointments(today); }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending || !chosen) return;
    const startsAt = new Date(`${date}T${time}`);
    setPending(true);
    setError(null);
    try {
      // Show the day of the booking just made, so it is in the list below.
      await state.book(chosen, startsAt, language, date);
    } catch (err) {
      setError(Number.isNaN(startsAt.getTime()) ? rx.unexpected : describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <section class="rx-panel" aria-labelledby="rx-book-title">
        <h2 id="rx-book-title">{rx.bookTitle}</h2>
        <form class="rx-form" onSubmit={submit}>
          <Field label={rx.service}>{(id) => (
            <select id={id} value={chosen} onChange={(e) => setService(e.currentTarget.value)} data-testid="book-service">
              {services.map((q) => <option key={q.service} value={q.service}>{pick(q.name, 'sv')}</option>)}
            </select>
          )}</Field>
          <div class="rx-field-row">
            <Field label={rx.date}>{(id) => (
              <input id={id} type="date" required value={date} min={today} onInput={(e) => setDate(e.currentTarget.value)} data-testid="book-date" />
            )}</Field>
            <Field label={rx.time}>{(id) => (
              <input id={id} type="time" required step={300} value={time} onInput={(e) => setTime(e.currentTarget.value)} data-testid="book-time" />
            )}</Field>
          </div>
          <Field label={rx.language}>{(id) => (
            <select id={id} value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
              {languages.map((l) => <option key={l.code} value={l.code}>{languageName(l.code)}</option>)}
            </select>
          )}</Field>
          {error && <p class="alert" role="alert">{error}</p>}
          <button type="submit" class="rx-button" aria-disabled={pending || !chosen ? 'true' : undefined}>{pending ? rx.booking : rx.book}</button>
        </form>
        {/* Always in the page, so the new code is read out the moment it appears. */}
        <div role="status" class="rx-booked" data-testid="booked">
          {booked && (
            <>
              <p class="rx-result">
                <span class="rx-result-label">{rx.bookedCode}</span>
                <strong class="rx-result-value rx-code" data-testid="booked-code" data-code={booked.code}>{spacedCode(booked.code)}</strong>
              </p>
              <p class="rx-muted">{rx.bookedHint(pick(booked.serviceName, 'sv'), `${localDay(new Date(booked.startsAt)) === today ? rx.today : localDay(new Date(booked.startsAt))} ${timeOf(booked.startsAt)}`)}</p>
            </>
          )}
        </div>
      </section>

      <section class="rx-panel" aria-labelledby="rx-appointments-title">
        <div class="rx-section-head">
          <h2 id="rx-appointments-title">{rx.appointmentsTitle(day === today ? rx.today : day)}</h2>
          <Field label={rx.showDay} extraClass="rx-field-inline">{(id) => (
            <input id={id} type="date" value={day} onInput={(e) => { const v = e.currentTarget.value; if (v) void state.loadAppointments(v); }} />
          )}</Field>
        </div>
        {state.appointmentsError.value && <p class="alert" role="alert">{state.appointmentsError.value}</p>}
        <AppointmentList list={state.appointments.value} />
      </section>
    </>
  );
}

function AppointmentList({ list }: { list: Appointment[] | null }) {
  if (list === null) return null;
  if (list.length === 0) return <p class="rx-muted">{rx.noAppointments}</p>;
  return (
    <ul class="rx-appointments" data-testid="appointments">
      {list.map((a) => <AppointmentRow key={a.id} a={a} />)}
    </ul>
  );
}

function AppointmentRow({ a }: { a: Appointment }) {
  const state = useReception();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (asking) confirmRef.current?.focus(); }, [asking]);
  const time = timeOf(a.startsAt);
  return (
    <li class={`rx-appointment is-${a.state}`} data-code={a.code}>
      <p class="rx-appointment-line">
        <strong>{time}</strong> {pick(a.serviceName, 'sv')} · {languageName(a.language)}
      </p>
      <p class="rx-appointment-line">
        {rx.colCode} <span class="rx-code">{spacedCode(a.code)}</span> · {rx.appointmentState[a.state]}{a.ticket ? ` (${a.ticket.number})` : ''}
      </p>
      {error && <p class="alert" role="alert">{error}</p>}
      {a.state === 'booked' && (
        !asking ? (
          <button type="button" class="rx-button rx-button-quiet" aria-label={rx.cancelAppointment(time)} onClick={() => setAsking(true)}>
            {rx.cancelAppointmentShort}
          </button>
        ) : (
          <div class="rx-button-row">
            <button type="button" ref={confirmRef} class="rx-button rx-button-danger"
              onClick={async () => { try { await state.cancelAppointment(a); } catch (err) { setError(describeError(err)); setAsking(false); } }}>
              {rx.cancelAppointmentConfirm}
            </button>
            <button type="button" class="rx-button rx-button-quiet" onClick={() => setAsking(false)}>{rx.cancelAbort}</button>
          </div>
        )
      )}
    </li>
  );
}
