import { useState } from 'preact/hooks';
import type { KioskDiagnostics } from '@entre/protocol';
import { useKiosk } from '../state/context.js';
import { ScreenTitle } from './ScreenTitle.js';
import { Keypad } from './Keypad.js';
import './StaffScreen.css';

/**
 * The kiosk's staff screen, reached by holding the header for three seconds and typing
 * the PIN set in the console. Staff text, so Swedish only; nothing here is for visitors,
 * and the idle timer closes it like any other screen.
 */
export function StaffScreen() {
  const state = useKiosk();
  const [pin, setPin] = useState('');
  const staff = state.staff.value;

  if (staff.kind === 'open') return <StaffFacts facts={staff.facts} />;
  const message = staff.kind === 'wrong' ? 'Fel PIN.' : staff.kind === 'locked' ? 'För många fel. Försök igen om en stund.' : staff.kind === 'failed' ? 'Kunde inte nå servern.' : null;
  return (
    <section class="screen staff-screen" lang="sv" dir="ltr">
      <ScreenTitle>Personal</ScreenTitle>
      <label class="appointment-code-label" for="staff-pin">PIN</label>
      <output id="staff-pin" class="appointment-code" data-testid="staff-pin">
        {Array.from({ length: Math.max(4, pin.length) }, (_, i) => <span key={i} class="appointment-digit">{pin[i] ? '•' : ''}</span>)}
      </output>
      {message && <p class="error-notice" role="alert">{message}</p>}
      <Keypad value={pin} maxLength={8} deleteLabel="Radera" onChange={setPin} />
      <div class="screen-actions appointment-actions">
        <button type="button" class="button button-secondary" data-testid="staff-close" onClick={() => state.closeStaff()}>Stäng</button>
        <button type="button" class="button button-primary" data-testid="staff-unlock" disabled={pin.length < 4}
          onClick={() => { void state.unlockStaff(pin); setPin(''); }}>Öppna</button>
      </div>
    </section>
  );
}

function StaffFacts({ facts }: { facts: KioskDiagnostics }) {
  const state = useKiosk();
  const p = facts.printer;
  const paper = { ok: 'ok', near_end: 'snart slut', out: 'slut', unknown: 'okänt' } as const;
  return (
    <section class="screen staff-screen" lang="sv" dir="ltr">
      <ScreenTitle>Kiosk {facts.name}</ScreenTitle>
      <dl class="staff-facts" data-testid="staff-facts">
        <dt>Kiosk</dt><dd>{facts.kiosk} ({facts.site})</dd>
        <dt>Serverns tid</dt><dd>{new Date(facts.serverTime).toLocaleString('sv-SE')}</dd>
        <dt>Språk</dt><dd>{facts.languages}</dd>
        <dt>Ärenden</dt><dd>{facts.openServices}</dd>
        <dt>Skrivare</dt>
        <dd data-testid="staff-printer">{p ? `${p.name}: ${p.online ? 'online' : 'offline'}, papper ${paper[p.paper]}${p.coverOpen ? ', luckan öppen' : ''}` : 'ingen'}</dd>
      </dl>
      {state.staffMessage.value && <p class="print-status print-status-busy" role="status">{state.staffMessage.value}</p>}
      <div class="screen-actions staff-actions">
        <button type="button" class="button button-secondary" data-testid="staff-test-print" onClick={() => void state.staffTestPrint()}>Testutskrift</button>
        <button type="button" class="button button-secondary" data-testid="staff-reload" onClick={() => location.reload()}>Ladda om</button>
        <button type="button" class="button button-primary" data-testid="staff-close" onClick={() => state.closeStaff()}>Stäng</button>
      </div>
    </section>
  );
}
