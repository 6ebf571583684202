import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { KioskState } from './kiosk-state.js';

export const KioskContext = createContext<KioskState | null>(null);

export function useKiosk(): KioskState {
  const state = useContext(KioskContext);
  if (!state) throw new Error('useKiosk outside <KioskContext.Provider>');
  return state;
}
