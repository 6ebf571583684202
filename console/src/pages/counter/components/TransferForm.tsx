import { useEffect, useRef, useState } from 'preact/hooks';
import { pick } from '@entre/protocol';
import { useCounter } from '../state/context.js';
import { strings } from '../strings.js';
import type { TransferTarget } from '../state/counter-state.js';
import './forms.css';

type Kind = TransferTarget['kind'];
const KINDS: Kind[] = ['service', 'point', 'agent'];

/** To another errand, another counter or a colleague, with a note; the number is kept. */
export function TransferForm() {
  const state = useCounter();
  const c = state.current.value;
  const [kind, setKind] = useState<Kind>('service');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [keepPlace, setKeepPlace] = useState(true);
  const first = useRef<HTMLInputElement>(null);
  const request = state.focusRequest.value;

  useEffect(() => {
    if (request?.field === 'transfer') first.current?.focus();
  }, [request]);

  if (!c || !state.transferOpen.value) return null;

  const options: { id: string; name: string }[] = kind === 'service'
    ? (state.queue.value?.services ?? []).filter((s) => s.id !== c.service).map((s) => ({ id: s.id, name: pick(s.name, 'sv') }))
    : kind === 'point'
      ? state.points.value.filter((p) => p.id !== state.pointId.value).map((p) => ({ id: p.id, name: pick(p.name, 'sv') }))
      : state.agents.value.filter((a) => a.id !== state.agentId.value)
        .map((a) => ({ id: a.id, name: `${a.name} (${strings.agentStates[a.state].toLowerCase()})` }));

  async function onSubmit(e: SubmitEvent) {
    e.preventDefault();
    if (await state.transfer({ kind, id: target }, note, keepPlace)) {
      setTarget('');
      setNote('');
    }
  }

  return (
    <section id="transfer-form" class="counter-card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading" class="counter-heading">{strings.transferHeading}</h2>
      <form class="counter-form" onSubmit={onSubmit} data-testid="transfer-form">
        <fieldset class="choice-row">
          <legend>{strings.transferTo}</legend>
          {KINDS.map((k, i) => (
            <label key={k} class="choice">
              <input
                ref={i === 0 ? first : undefined}
                type="radio" name="transfer-kind" value={k} checked={kind === k} data-testid={`transfer-kind-${k}`}
                onChange={() => { setKind(k); setTarget(''); }}
              />
              <span>{strings.transferKinds[k]}</span>
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span>{strings.transferTarget}</span>
          <select value={target} data-testid="transfer-target" required onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">{strings.chooseTarget}</option>
            {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{strings.note}</span>
          <textarea rows={2} maxLength={500} value={note} data-testid="transfer-note" onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <label class="choice">
          <input type="checkbox" checked={keepPlace} onChange={(e) => setKeepPlace(e.currentTarget.checked)} />
          <span>{strings.keepPlace}</span>
        </label>
        <div class="form-buttons">
          <button type="submit" class="primary" data-testid="transfer-submit" aria-disabled={state.busy.value !== null}>{strings.doTransfer}</button>
          <button type="button" class="secondary" onClick={() => state.openTransfer(false)}>{strings.cancel}</button>
        </div>
      </form>
    </section>
  );
}
