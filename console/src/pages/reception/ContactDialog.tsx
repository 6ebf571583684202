import { useEffect, useRef, useState } from 'preact/hooks';
import { pick } from '@entre/protocol';
import { contactName, describeError, useReception, type Selected } from './reception-state.js';
import { languageName, minutesWaited } from './format.js';
import { rx } from './strings.js';
import { Field } from './Field.js';

/**
 * One contact, opened from its queue: move it to another errand, pin it to a colleague,
 * or take it out of the line (asked twice: a cancelled contact cannot come back). A modal
 * <dialog>: focus stays inside, Escape closes, the page behind is inert.
 */
export function ContactDialog() {
  const state = useReception();
  const sel = state.selected.value;
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (sel && dialog && !dialog.open) dialog.showModal();
  }, [sel]);

  // Closed by a button, by Escape or after an action: back to the row (or its queue).
  const onClose = () => {
    const was = state.selected.value;
    state.selected.value = null;
    if (was) state.focusRequest.value = { contact: was.contact.id, control: 'manage', service: was.service };
  };

  return (
    <dialog ref={ref} class="rx-dialog" aria-labelledby="rx-dialog-title" onClose={onClose}>
      {sel && <DialogBody key={sel.contact.id} sel={sel} close={() => ref.current?.close()} />}
    </dialog>
  );
}

function DialogBody({ sel, close }: { sel: Selected; close: () => void }) {
  const state = useReception();
  const c = sel.contact;
  const who = contactName(c);
  return (
    <div class="rx-dialog-body">
      <div class="rx-dialog-head">
        <h2 id="rx-dialog-title">{rx.dialogTitle(who)}</h2>
        <button type="button" class="rx-button rx-button-quiet" onClick={close}>{rx.close}</button>
      </div>
      <p class="rx-muted">
        {state.serviceName(sel.service)} · {rx.channels[c.channel]} · {languageName(c.language)} · {rx.waitedLabel} {rx.waitedMinutes(minutesWaited(c.issuedAt, state.serverNow()))}
      </p>
      <TransferForm sel={sel} done={close} />
      <PinForm sel={sel} done={close} />
      <CancelForm sel={sel} done={close} />
    </div>
  );
}

function useAction(done: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = async (work: () => Promise<void>) => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await work();
      done();
    } catch (err) {
      setError(describeError(err));
      setPending(false);
    }
  };
  return { error, pending, run };
}

function TransferForm({ sel, done }: { sel: Selected; done: () => void }) {
  const state = useReception();
  const targets = (state.queues.value?.queues ?? []).filter((q) => q.service !== sel.service);
  const [to, setTo] = useState(targets[0]?.service ?? '');
  const [keepPlace, setKeepPlace] = useState(true);
  const [note, setNote] = useState('');
  const { error, pending, run } = useAction(done);
  return (
    <form class="rx-dialog-part" aria-labelledby="rx-transfer-title"
      onSubmit={(e) => { e.preventDefault(); if (to) void run(() => state.transfer(sel, to, keepPlace, note)); }}>
      <h3 id="rx-transfer-title">{rx.transferTitle}</h3>
      <Field label={rx.transferTo}>{(id) => (
        <select id={id} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          {targets.map((q) => <option key={q.service} value={q.service}>{pick(q.name, 'sv')} ({q.prefix})</option>)}
        </select>
      )}</Field>
      <label class="rx-check">
        <input type="checkbox" checked={keepPlace} onChange={(e) => setKeepPlace(e.currentTarget.checked)} />
        <span>{rx.keepPlace}</span>
      </label>
      <Field label={rx.note}>{(id) => (
        <textarea id={id} rows={2} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      )}</Field>
      {error && <p class="alert" role="alert">{error}</p>}
      <button type="submit" class="rx-button" aria-disabled={pending ? 'true' : undefined}>{rx.transfer}</button>
    </form>
  );
}

function PinForm({ sel, done }: { sel: Selected; done: () => void }) {
  const state = useReception();
  const agents = state.agents.value;
  const current = sel.contact.pinnedAgent ?? '';
  const [agent, setAgent] = useState(current || (agents[0]?.id ?? ''));
  const { error, pending, run } = useAction(done);
  return (
    <form class="rx-dialog-part" aria-labelledby="rx-pin-title"
      onSubmit={(e) => { e.preventDefault(); void run(() => state.pin(sel, agent || null)); }}>
      <h3 id="rx-pin-title">{rx.pinTitle}</h3>
      <Field label={rx.pinAgent}>{(id) => (
        <select id={id} value={agent} onChange={(e) => setAgent(e.currentTarget.value)}>
          {current && <option value="">{rx.pinNone}</option>}
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({rx.agentState[a.state] ?? a.state}{a.servicePoint ? `, ${a.servicePoint}` : ''})
            </option>
          ))}
        </select>
      )}</Field>
      {error && <p class="alert" role="alert">{error}</p>}
      <button type="submit" class="rx-button" aria-disabled={pending ? 'true' : undefined}>{rx.pin}</button>
    </form>
  );
}

function CancelForm({ sel, done }: { sel: Selected; done: () => void }) {
  const state = useReception();
  const who = contactName(sel.contact);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<string>(rx.cancelReasons[0]);
  const { error, pending, run } = useAction(done);
  const reasonRef = useRef<HTMLSelectElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) reasonRef.current?.focus();
    else if (wasAsking.current) startRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  return (
    <form class="rx-dialog-part rx-danger-zone" aria-labelledby="rx-cancel-title"
      onSubmit={(e) => { e.preventDefault(); if (asking) void run(() => state.cancel(sel, reason)); }}>
      <h3 id="rx-cancel-title">{rx.cancelTitle}</h3>
      {!asking ? (
        <button type="button" ref={startRef} class="rx-button rx-button-danger-quiet" onClick={() => setAsking(true)}>{rx.cancelStart}</button>
      ) : (
        <>
          <p>{rx.cancelIntro}</p>
          <Field label={rx.cancelReason}>{(id) => (
            <select id={id} ref={reasonRef} value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              {rx.cancelReasons.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          )}</Field>
          {error && <p class="alert" role="alert">{error}</p>}
          <div class="rx-button-row">
            <button type="submit" class="rx-button rx-button-danger" aria-disabled={pending ? 'true' : undefined}>{rx.cancelConfirm(who)}</button>
            <button type="button" class="rx-button rx-button-quiet" onClick={() => setAsking(false)}>{rx.cancelAbort}</button>
          </div>
        </>
      )}
    </form>
  );
}
