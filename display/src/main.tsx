// Global tokens first, so each component's CSS (imported by the component) can override them.
import './app.css';
import { render } from 'preact';
import { App } from './app.js';
import { createHttp } from '@entre/web-common/http';
import { browserTimers } from '@entre/web-common/timers';
import { createDisplayApi } from './lib/api.js';
import { connectBroker } from './lib/broker.js';
import { createAudioChime } from './lib/chime.js';
import { browserSpeech } from './lib/speech.js';
import catalogs from 'virtual:display-texts';
import type { DisplayCatalogs } from './lib/texts.js';
import { createDisplayState } from './state/display-state.js';
import { DisplayContext } from './state/context.js';

const params = new URLSearchParams(location.search);
const state = createDisplayState({
  api: createDisplayApi(createHttp()),
  display: params.get('display') ?? 'lobby-1',
  connect: connectBroker,
  chime: createAudioChime(),
  speech: browserSpeech(),
  catalogs: catalogs as DisplayCatalogs,
  timers: browserTimers,
  reload: () => location.reload(),
});
state.start();
addEventListener('pagehide', () => state.stop());

render(
  <DisplayContext.Provider value={state}>
    <App />
  </DisplayContext.Provider>,
  document.getElementById('app')!,
);
