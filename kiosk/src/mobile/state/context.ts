import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { TicketState } from './ticket-state.js';

export const TicketContext = createContext<TicketState | null>(null);

export function useTicketState(): TicketState {
  const state = useContext(TicketContext);
  if (!state) throw new Error('useTicketState outside <TicketContext.Provider>');
  return state;
}
