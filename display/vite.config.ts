import { defineConfig, type Plugin } from 'vite';
import { appConfig } from '../scripts/vite.shared.mjs';
import { sliceDisplayTexts } from './src/lib/texts.js';

const TEXTS = 'virtual:display-texts';

/**
 * The display's fixed texts in every language, and nothing else: the `display.*` keys of
 * each visitor catalog, taken at build time from the protocol's catalogs. All 21 languages
 * cost ~2 kB gzipped, where one whole catalog is ~2 kB, so a display rotating through any
 * of them loads no catalog at run time and stays within its JavaScript budget.
 */
function displayTexts(): Plugin {
  return {
    name: 'entre-display-texts',
    resolveId: (id) => (id === TEXTS ? `\0${TEXTS}` : undefined),
    async load(id) {
      if (id !== `\0${TEXTS}`) return undefined;
      const { catalogs } = await import('@entre/protocol');
      return `export default ${JSON.stringify(sliceDisplayTexts(catalogs))};`;
    },
  };
}

const shared = appConfig('display');

export default defineConfig({ ...shared, plugins: [...(shared.plugins ?? []), displayTexts()] });
