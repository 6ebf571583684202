import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CounterState } from './counter-state.js';

export const CounterContext = createContext<CounterState | null>(null);

export function useCounter(): CounterState {
  const state = useContext(CounterContext);
  if (!state) throw new Error('useCounter outside <CounterContext.Provider>');
  return state;
}
