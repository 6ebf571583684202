// Global tokens first, so each component's CSS (imported by the component) can override them.
import './app.css';
import { render } from 'preact';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { createAuthState } from './auth/auth-state.js';
import { AuthContext } from './auth/context.js';
import { ApiContext } from './lib/api-context.js';

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

render(
  <ApiContext.Provider value={http}>
    <AuthContext.Provider value={auth}>
      <App />
    </AuthContext.Provider>
  </ApiContext.Provider>,
  document.getElementById('app')!,
);
