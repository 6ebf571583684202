import { useLayoutEffect, useRef } from 'preact/hooks';
import { Icon } from './Icon.js';
import './Keypad.css';

/**
 * An on-screen number pad for codes and phone numbers: large keys, digits in the same
 * place in every language (a keypad is never mirrored), and a hardware keyboard works
 * too (digits, the extra key, Backspace; Enter and Escape when the screen wants them).
 */
export function Keypad({ value, onChange, maxLength, extraKey, deleteLabel, labelledBy, onEnter, onEscape }: {
  value: string;
  onChange(next: string): void;
  maxLength: number;
  /** A key beside 0, e.g. "+" for phone numbers. */
  extraKey?: string;
  deleteLabel: string;
  /** The element that names what is typed. */
  labelledBy?: string;
  onEnter?(value: string): void;
  onEscape?(): void;
}) {
  // The value as typed so far, ahead of the render: keys pressed faster than the screen
  // redraws (a keyboard, a quick hand) all count.
  const typed = useRef(value);
  typed.current = value;
  const set = (next: string) => { typed.current = next; onChange(next); };
  const press = (key: string) => { if (typed.current.length < maxLength) set(typed.current + key); };
  const erase = () => set(typed.current.slice(0, -1));

  // Listening from the moment the keys are on screen (a layout effect runs before the next
  // event can be handled; a plain effect only after paint), so a digit typed at once is kept.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (/^[0-9]$/.test(e.key) || (extraKey !== undefined && e.key === extraKey)) { e.preventDefault(); press(e.key); }
      else if (e.key === 'Backspace') { e.preventDefault(); erase(); }
      // Enter on a focused button presses that button; elsewhere it submits.
      else if (e.key === 'Enter' && onEnter && !(document.activeElement instanceof HTMLButtonElement)) { e.preventDefault(); onEnter(typed.current); }
      else if (e.key === 'Escape' && onEscape) { e.preventDefault(); onEscape(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div class="keypad" dir="ltr" role="group" {...(labelledBy ? { 'aria-labelledby': labelledBy } : {})}>
      {keys.map((k) => <button key={k} type="button" class="keypad-key" data-testid={`key-${k}`} onClick={() => press(k)}>{k}</button>)}
      {extraKey !== undefined
        ? <button type="button" class="keypad-key" data-testid={extraKey === '+' ? 'key-plus' : 'key-extra'} onClick={() => press(extraKey)}>{extraKey}</button>
        : <span aria-hidden="true" />}
      <button type="button" class="keypad-key" data-testid="key-0" onClick={() => press('0')}>0</button>
      <button type="button" class="keypad-key keypad-delete" data-testid="key-delete" onClick={erase}>
        <Icon name="erase" />
        <span class="keypad-delete-label">{deleteLabel}</span>
      </button>
    </div>
  );
}
