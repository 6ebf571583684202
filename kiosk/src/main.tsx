// Fonts, then global tokens, so each component's CSS (imported by the component) can override them.
import './fonts.css';
import './tokens.css';
import './app.css';
import { render } from 'preact';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { createKioskApi } from './lib/api.js';
import { browserTimers } from '@entre/web-common/timers';
import { createKioskState } from './state/kiosk-state.js';
import { KioskContext } from './state/context.js';

const params = new URLSearchParams(location.search);
const state = createKioskState({
  api: createKioskApi(createHttp()),
  kiosk: params.get('kiosk') ?? 'kiosk-1',
  timers: browserTimers,
  reload: () => location.reload(),
});
state.start();

render(
  <KioskContext.Provider value={state}>
    <App />
  </KioskContext.Provider>,
  document.getElementById('app')!,
);
