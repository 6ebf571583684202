import type { UserConfig } from 'vite';
export function appConfig(name: 'kiosk' | 'display' | 'console'): UserConfig;
