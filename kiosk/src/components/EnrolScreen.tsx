import { useEffect, useRef, useState } from 'preact/hooks';
import { deviceAddress, enrolTexts as x, type Bilingual } from '@entre/web-common/enrolment';
import { useKiosk } from '../state/context.js';
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
 * The screen of a kiosk the server does not serve (never enrolled, revoked, or enrolled as
 * another kiosk): for staff and installers, so Swedish with English beneath, in the
 * kiosk's own look. One field for the admin's one-time code, typed with a keyboard the way
 * staff write it; a good code sets the device cookie and the page reloads as this kiosk.
 */
export function EnrolScreen() {
  const state = useKiosk();
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

  // The screen is there to type the code: the field takes focus (its label and the reason
  // above are its description), and gets it back after a code that did not work.
  useEffect(() => { input.current?.focus({ preventScroll: true }); }, []);
  useEffect(() => { if (problem) input.current?.focus({ preventScroll: true }); }, [outcome]);

  const submit = (ev: Event) => {
    ev.preventDefault();
    if (!busy && !outcome?.ok) void e.submit(code);
  };

  return (
    <section class="screen enrol-screen" lang="sv" dir="ltr" data-testid="enrol-screen" data-refusal={refusal?.kind ?? ''}>
      {/* Not ScreenTitle: that one takes the focus, and here the field should have it. */}
      <h1 class="screen-title enrol-title" tabIndex={-1}><Both text={x.title(kind)} /></h1>
      <p class="enrol-out-of-service"><Both text={x.outOfService(kind)} /></p>
      <div id="enrol-why" class="enrol-why">
        {refusal && <p class="enrol-reason" data-testid="enrol-reason"><Both text={x.reason(refusal, kind, id)} /></p>}
        <p class="enrol-how"><Both text={x.howTo(id)} /></p>
      </div>
      <form class="enrol-form" onSubmit={submit} noValidate>
        <label class="enrol-label" for="enrol-code"><Both text={x.codeLabel} /></label>
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
        <p id="enrol-hint" class="enrol-hint"><Both text={x.codeHint} /></p>
        {problem && <p class="error-notice enrol-error" role="alert" data-testid="enrol-error"><Both text={problem} /></p>}
        {outcome?.ok && <p class="enrol-done" role="status" data-testid="enrol-done"><Both text={x.done} /></p>}
        <div class="enrol-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy || outcome?.ok ? 'true' : undefined} data-testid="enrol-submit">
            <Both text={busy ? x.busy : x.submit} />
          </button>
          {elsewhere && elsewhereAddress && (
            <a class="button button-secondary" href={elsewhereAddress} data-testid="enrol-open-as"><Both text={x.openAs(elsewhere.kind, elsewhere.id)} /></a>
          )}
        </div>
      </form>
    </section>
  );
}
