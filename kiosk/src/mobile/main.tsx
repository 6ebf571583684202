// The visitor's ticket on their phone (/t/<id>, from the QR code on the paper ticket).
import '../fonts.css';
import '../tokens.css';
import './mobile.css';
import { render } from 'preact';
import { browserTimers } from '@entre/web-common/timers';
import { loadCatalog } from '../lib/i18n.js';
import { App } from './app.js';
import { createTicketApi } from './lib/api.js';
import { createBrowserAlerter } from './lib/alerter.js';
import { createTicketState } from './state/ticket-state.js';
import { TicketContext } from './state/context.js';

function localStore(): Storage | null {
  try { return window.localStorage; } catch { return null; }
}

const state = createTicketState({
  id: decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? ''),
  api: createTicketApi(),
  alerter: createBrowserAlerter(),
  timers: browserTimers,
  loadCatalog,
  storage: localStore(),
  browserLanguages: navigator.languages,
});
state.start();

render(
  <TicketContext.Provider value={state}>
    <App />
  </TicketContext.Provider>,
  document.getElementById('app')!,
);
