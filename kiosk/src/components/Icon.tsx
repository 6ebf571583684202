import type { ErrandIcon } from '@entre/protocol';

/**
 * Pictograms drawn inline (no icon font, no fetch): simple strokes that read at a glance
 * and survive a greyscale or high-contrast screen. Decorative: the text beside says it.
 */
const paths: Record<ErrandIcon | 'back' | 'check' | 'alert' | 'help' | 'ticket' | 'video' | 'phone' | 'hand' | 'erase', string> = {
  info: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18Zm0 6v0m0 3v5',
  house: 'M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5M10 20v-5h4v5',
  car: 'M4 16v-4l2-5h12l2 5v4ZM4 16v3h3v-3m10 0v3h3v-3M7.5 13h0m9 0h0',
  school: 'M2 9l10-5 10 5-10 5ZM6 11v5c2 2 10 2 12 0v-5M22 9v6',
  people: 'M9 11a3.5 3.5 0 1 0 0-7a3.5 3.5 0 0 0 0 7ZM2.5 20c0-4 3-6 6.5-6s6.5 2 6.5 6M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14c2 .6 3.5 2.5 3.5 6',
  elder: 'M11 6a2.5 2.5 0 1 0 0-5a2.5 2.5 0 0 0 0 5ZM9 22l1.5-7L9 12l1-4h2l3 4 3 1M17 13v9M12.5 15l2 7',
  wallet: 'M3 7h15a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H3ZM3 7l12-3v3M15 13.5h0',
  help: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18ZM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7V14m0 3v0',
  calendar: 'M4 6h16v14H4ZM4 10h16M8 3v5m8-5v5',
  document: 'M6 3h8l4 4v14H6ZM14 3v4h4M9 12h6m-6 4h6',
  'sign-language': 'M7 21v-6l-3-4 1.5-1 3 3V5a1.2 1.2 0 0 1 2.4 0v6-8a1.2 1.2 0 0 1 2.4 0v8-7a1.2 1.2 0 0 1 2.4 0v7-5a1.2 1.2 0 0 1 2.4 0v8c0 4-2.5 7-6 7ZM3 4l2 2m16-2-2 2',
  back: 'M15 5l-7 7 7 7',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  alert: 'M12 5v9m0 4v.5',
  ticket: 'M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4ZM10 6v12',
  video: 'M3 7h12v10H3ZM15 11l6-4v10l-6-4',
  phone: 'M8 2h8v20H8ZM11 19h2',
  erase: 'M9 5h12v14H9l-6-7ZM12 9l6 6m0-6-6 6',
  hand: 'M7 21v-6l-3-4 1.5-1 3 3V5a1.2 1.2 0 0 1 2.4 0v6-8a1.2 1.2 0 0 1 2.4 0v8-7a1.2 1.2 0 0 1 2.4 0v7-5a1.2 1.2 0 0 1 2.4 0v8c0 4-2.5 7-6 7Z',
};

export type IconName = keyof typeof paths;

export function Icon({ name, class: className }: { name: IconName; class?: string }) {
  return (
    <svg class={className ? `icon ${className}` : 'icon'} viewBox="0 0 24 24" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
      <path d={paths[name]} />
    </svg>
  );
}
