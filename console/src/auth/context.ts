import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AuthState } from './auth-state.js';

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside <AuthContext.Provider>');
  return state;
}
