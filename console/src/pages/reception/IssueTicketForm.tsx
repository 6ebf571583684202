import { useState } from 'preact/hooks';
import { pick, type PriorityReason, type ReceptionPrinter } from '@entre/protocol';
import { describeError, useReception } from './reception-state.js';
import { languageName } from './format.js';
import { rx } from './strings.js';
import { Field } from './Field.js';

/** How a printer reads in the list: its name, where it stands, and a warning when it cannot print now. */
function printerLabel(p: ReceptionPrinter): string {
  const where = p.kiosks.length ? ` (${rx.printerAt(p.kiosks.join(', '))})` : '';
  const ready = p.online && p.paper !== 'out' && !p.coverOpen;
  return `${p.name}${where}${ready ? '' : ` – ${rx.printerNotReady}`}`;
}

/**
 * A ticket for a visitor at the desk (someone who cannot or will not use the kiosk),
 * issued as the signed-in staff member and printed on the printer chosen here, or not at
 * all (the number is read out): no kiosk, possibly at another entrance, prints it unasked.
 */
export function IssueTicketForm() {
  const state = useReception();
  const data = state.queues.value;
  const services = data?.queues ?? [];
  const languages = data?.languages ?? [];
  const [service, setService] = useState('');
  const [language, setLanguage] = useState('sv');
  const [priority, setPriority] = useState<'' | PriorityReason>('');
  const [printer, setPrinter] = useState('');
  const printers = state.printers.value;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const issued = state.lastIssued.value;
  const chosen = service || services.find((q) => q.open)?.service || '';

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending || !chosen) return;
    setPending(true);
    setError(null);
    try {
      await state.issueTicket(chosen, language, priority || null, printers.some((p) => p.id === printer) ? printer : null);
    } catch (err) {
      setError(err instanceof Error && !('failure' in err) ? err.message : describeError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <section class="rx-panel" aria-labelledby="rx-issue-title">
      <h2 id="rx-issue-title">{rx.issueTitle}</h2>
      <form class="rx-form" onSubmit={submit}>
        <Field label={rx.service}>{(id) => (
          <select id={id} value={chosen} onChange={(e) => setService(e.currentTarget.value)} data-testid="issue-service">
            {services.map((q) => (
              <option key={q.service} value={q.service} disabled={!q.open}>
                {pick(q.name, 'sv')}{q.open ? '' : ` (${rx.closed})`}
              </option>
            ))}
          </select>
        )}</Field>
        <div class="rx-field-row">
          <Field label={rx.language}>{(id) => (
            <select id={id} value={language} onChange={(e) => setLanguage(e.currentTarget.value)} data-testid="issue-language">
              {languages.map((l) => <option key={l.code} value={l.code}>{languageName(l.code)}</option>)}
            </select>
          )}</Field>
          <Field label={rx.priorityField}>{(id) => (
            <select id={id} value={priority} onChange={(e) => setPriority(e.currentTarget.value as '' | PriorityReason)}>
              <option value="">{rx.priorityNone}</option>
              <option value="accessibility">{rx.priorityReasons.accessibility}</option>
              <option value="interpreter">{rx.priorityReasons.interpreter}</option>
            </select>
          )}</Field>
        </div>
        <Field label={rx.printerField}>{(id) => (
          <select id={id} value={printer} onChange={(e) => setPrinter(e.currentTarget.value)} data-testid="issue-printer">
            <option value="">{rx.printerNone}</option>
            {printers.map((p) => <option key={p.id} value={p.id}>{printerLabel(p)}</option>)}
          </select>
        )}</Field>
        {error && <p class="alert" role="alert">{error}</p>}
        <button type="submit" class="rx-button" aria-disabled={pending || !chosen ? 'true' : undefined}>
          {pending ? rx.issuing : rx.issue}
        </button>
      </form>
      {issued && (
        <p class="rx-result" data-testid="issued-number">
          <span class="rx-result-label">{pick(issued.serviceName, 'sv')}</span>
          <strong class="rx-result-value">{issued.number}</strong>
        </p>
      )}
    </section>
  );
}
