// Global tokens first, so each component's CSS (imported by the component) can override them.
import './app.css';
import { render } from 'preact';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { createConsoleApi } from './lib/api.js';
import { localPointMemory } from './lib/storage.js';
import { createCounterState } from './state/counter-state.js';
import { CounterContext } from './state/context.js';

const params = new URLSearchParams(location.search);
const state = createCounterState({
  api: createConsoleApi(createHttp()),
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
void state.loadPoints();

render(
  <CounterContext.Provider value={state}>
    <App />
  </CounterContext.Provider>,
  document.getElementById('app')!,
);
