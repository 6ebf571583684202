import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DisplayState } from './display-state.js';

export const DisplayContext = createContext<DisplayState | null>(null);

export function useDisplay(): DisplayState {
  const state = useContext(DisplayContext);
  if (!state) throw new Error('useDisplay outside <DisplayContext.Provider>');
  return state;
}
