import { useEffect, useRef, useState } from 'preact/hooks';
import { deviceAddress, enrolTexts as x, type Bilingual } from '@entre/web-common/enrolment';
import { useDisplay } from '../state/context.js';
import './EnrolScreen.css';

/** Swedish, with the English beneath it in its own language for screen readers. */
function Both({ text }: { text: Bilingual }) {
  return (
    <>
      <span class="enrol-sv">{text.sv}</span>
      <span class="enrol-en" lang="en">{text.en}</span>
    </>
  );
}

/**
 * Instead of the board while the server does not serve this display (never enrolled,
 * revoked, or enrolled as another display): large enough to read from across the room
 * why the screen shows no numbers, and a field for the admin's one-time code for whoever
 * comes with a keyboard. A good code sets the device cookie and the page reloads.
 */
export function EnrolScreen() {
  const state = useDisplay();
  const e = state.enrolment;
  const { kind, id } = e.device;
  const refusal = e.refusal.value;
  const outcome = e.outcome.value;
  const busy = e.busy.value;
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const problem = outcome ? x.outcome(outcome, kind, id) : null;
  const elsewhere = refusal?.kind === 'mismatch' && refusal.enrolledAs ? refusal.enrolledAs
    : outcome && !outcome.ok && outcome.reason === 'other_device' ? outcome.device : null;
  const elsewhereAddress = elsewhere ? deviceAddress(elsewhere.kind, elsewhere.id) : null;

  useEffect(() => { input.current?.focus({ preventScroll: true }); }, []);
  useEffect(() => { if (problem) input.current?.focus({ preventScroll: true }); }, [outcome]);

  const submit = (ev: Event) => {
    ev.preventDefault();
    if (!busy && !outcome?.ok) void e.submit(code);
  };

  return (
    <main class="display-enrol" lang="sv" dir="ltr" data-testid="enrol-screen" data-refusal={refusal?.kind ?? ''}>
      <h1 class="enrol-title"><Both text={x.title(kind)} /></h1>
      <p class="enrol-out-of-service"><Both text={x.outOfService(kind)} /></p>
      <div id="enrol-why" class="enrol-why">
        {refusal && <p class="enrol-reason" data-testid="enrol-reason"><Both text={x.reason(refusal, kind, id)} /></p>}
        <p><Both text={x.howTo(id)} /></p>
      </div>
      <form class="enrol-form" onSubmit={submit} noValidate>
        <label class="enrol-label" for="enrol-code"><Both text={x.codeLabel} /></label>
        <div class="enrol-row">
          <input
            ref={input}
            id="enrol-code"
            class="enrol-input"
            name="enrolment-code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            autocorrect="off"
            spellcheck={false}
            maxLength={24}
            value={code}
            aria-describedby="enrol-hint enrol-why"
            aria-invalid={problem ? 'true' : undefined}
            data-testid="enrol-code"
            onInput={(ev) => { setCode((ev.currentTarget as HTMLInputElement).value); e.clearOutcome(); }}
          />
          <button type="submit" class="enrol-button" aria-disabled={busy || outcome?.ok ? 'true' : undefined} data-testid="enrol-submit">
            <Both text={busy ? x.busy : x.submit} />
          </button>
        </div>
        <p id="enrol-hint" class="enrol-hint"><Both text={x.codeHint} /></p>
        {problem && <p class="enrol-error" role="alert" data-testid="enrol-error"><Both text={problem} /></p>}
        {outcome?.ok && <p class="enrol-done" role="status" data-testid="enrol-done"><Both text={x.done} /></p>}
        {elsewhere && elsewhereAddress && (
          <p><a class="enrol-link" href={elsewhereAddress} data-testid="enrol-open-as"><Both text={x.openAs(elsewhere.kind, elsewhere.id)} /></a></p>
        )}
      </form>
    </main>
  );
}
