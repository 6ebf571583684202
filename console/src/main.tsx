// Global tokens first, so each component's CSS (imported by the component) can override them.
import './app.css';
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { createAuthState } from './auth/auth-state.js';
import { AuthContext } from './auth/context.js';
import { ApiContext } from './lib/api-context.js';
import { createLive, LiveContext } from './lib/live.js';

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
void auth.check();

// One MQTT link per tab, opened with this browser's session cookie: when who is signed in
// changes, it reconnects so the server's gate sees the new roles.
const live = createLive();
let signedInAs: string | null = null;
effect(() => {
  const id = auth.staff.value?.id ?? null;
  if (id === signedInAs) return;
  signedInAs = id;
  live.reset();
});

render(
  <ApiContext.Provider value={http}>
    <AuthContext.Provider value={auth}>
      <LiveContext.Provider value={live}>
        <App />
      </LiveContext.Provider>
    </AuthContext.Provider>
  </ApiContext.Provider>,
  document.getElementById('app')!,
);
