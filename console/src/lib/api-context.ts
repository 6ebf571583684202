/** The console's one HTTP client (session-aware, made in main.tsx), for every page. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Http } from '@entre/web-common/http';

export const ApiContext = createContext<Http | null>(null);

export function useApi(): Http {
  const http = useContext(ApiContext);
  if (!http) throw new Error('useApi outside <ApiContext.Provider>');
  return http;
}
