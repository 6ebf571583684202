import { defineConfig } from 'vite';
import { appConfig } from '../scripts/vite.shared.mjs';

export default defineConfig(appConfig('console'));
