import { useEffect } from 'preact/hooks';
import { commandFor, type Command } from './shortcuts.js';
import type { CounterState } from './state/counter-state.js';

function run(state: CounterState, command: Command): void {
  switch (command) {
    case 'next': void state.callNext(); break;
    case 'recall': void state.recall(); break;
    case 'serve': void state.serve(); break;
    case 'noShow': void state.noShow(); break;
    case 'park': void state.togglePark(); break;
    case 'transfer': state.openTransfer(true); break;
    case 'finish': void state.finish(); break;
  }
}

/** Binds the counter's one-letter shortcuts to the document while the page is shown. */
export function useShortcuts(state: CounterState): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandFor({
        key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, repeat: e.repeat,
        defaultPrevented: e.defaultPrevented, target: e.target instanceof HTMLElement ? e.target : null,
      });
      if (!command) return;
      e.preventDefault();
      run(state, command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state]);
}
