import { useEffect, useRef, useState } from 'preact/hooks';
import { caseText, pick } from '@entre/protocol';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import { formatDateTime } from '../format.js';
import './forms.css';

/**
 * The case this contact belongs to: a new one, or an existing one found by its tracking
 * code, with the errand's earlier contacts on every channel (a call yesterday, a chat).
 */
export function CasePanel() {
  const state = useCounter();
  const c = state.current.value;
  const detail = state.caseDetail.value;
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const request = state.focusRequest.value;

  useEffect(() => {
    if (request?.field === 'case-code') input.current?.focus();
  }, [request]);

  if (!c) return null;
  const busy = state.busy.value !== null;
  const attached = detail !== null && detail.contacts.some((x) => x.id === c.id);
  const earlier = detail?.contacts.filter((x) => x.id !== c.id) ?? [];

  return (
    <section class="counter-card" aria-labelledby="case-heading" data-testid="case-panel">
      <h2 id="case-heading" class="counter-heading">{strings.caseHeading}</h2>
      {detail && (
        <div class="case-detail" data-testid="case-detail" data-attached={attached}>
          <p class="case-line">
            <span class="case-code" data-testid="case-code">{detail.trackingCode}</span>
            {detail.serviceName && <span> · {pick(detail.serviceName, 'sv')}</span>}
            <span> · {strings.caseState}: {caseText.sv[`state.${detail.state}`]}</span>
          </p>
          <h3 class="case-subheading">{strings.earlierContacts}</h3>
          {earlier.length === 0
            ? <p class="case-empty">{strings.noEarlierContacts}</p>
            : (
              <ul class="case-contacts" data-testid="case-contacts">
                {earlier.map((x) => (
                  <li key={x.id}>
                    {strings.channels[x.channel]}{x.number && <> {x.number}</>} – {formatDateTime(x.issuedAt)}
                    {x.outcome ? <> – {strings.contactOutcomes[x.outcome]}</> : <> – {strings.visitStates[x.state].toLowerCase()}</>}
                  </li>
                ))}
              </ul>
            )}
          {!attached && (
            <button type="button" class="primary" data-testid="case-attach" aria-disabled={busy} onClick={() => void state.attachCase()}>
              {strings.attachCase}
            </button>
          )}
        </div>
      )}
      {!attached && (
        <div class="case-actions">
          <button type="button" class="secondary" data-testid="case-new" aria-disabled={busy} onClick={() => void state.createCase()}>
            {strings.newCase}
          </button>
          <form class="case-find" onSubmit={(e) => { e.preventDefault(); void state.findCase(code); }}>
            <label class="field">
              <span>{strings.caseCode}</span>
              <input
                ref={input} type="text" value={code} maxLength={64} autocomplete="off" autocapitalize="characters" spellcheck={false}
                data-testid="case-code-input" onInput={(e) => setCode(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="secondary" data-testid="case-find" aria-disabled={busy}>{strings.findCase}</button>
          </form>
        </div>
      )}
    </section>
  );
}
