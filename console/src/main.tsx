// Global tokens first, so each component's CSS (imported by the component) can override them.
import './app.css';
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { createConsoleApi } from './lib/api.js';
import { localPointMemory } from './lib/storage.js';
import { createCounterState } from './state/counter-state.js';
import { CounterContext } from './state/context.js';
import { createAuthState } from './auth/auth-state.js';
import { AuthContext } from './auth/context.js';

// Any API answer of 401 outside /auth/ means the session ended: back to the sign-in form.
let onSessionEnded = () => {};
const sessionAwareFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (res.status === 401 && !url.includes('/auth/')) onSessionEnded();
  return res;
};
const http = createHttp({ fetch: sessionAwareFetch });
const auth = createAuthState(http);
onSessionEnded = () => auth.sessionEnded();

const params = new URLSearchParams(location.search);
const state = createCounterState({
  api: createConsoleApi(http),
  memory: localPointMemory(),
  requestedPoint: params.get('point'),
  defaultPoint: 'disk-1',
  onPointChange(point) {
    const url = new URL(location.href);
    if (url.searchParams.get('point') === point) return;
    url.searchParams.set('point', point);
    history.replaceState(history.state, '', url);
  },
});
void auth.check();
// Load the counters only once someone is signed in, and again after a new sign-in.
effect(() => {
  if (auth.staff.value) void state.loadPoints();
});

render(
  <AuthContext.Provider value={auth}>
    <CounterContext.Provider value={state}>
      <App />
    </CounterContext.Provider>
  </AuthContext.Provider>,
  document.getElementById('app')!,
);
