import type { Wayfinding } from '@entre/protocol';
import { useDisplay } from '../state/context.js';
import './WayArrow.css';

type Arrow = NonNullable<Wayfinding['arrow']>;

/** Degrees clockwise from pointing right. */
const ANGLE: Record<Arrow, number> = {
  'right': 0, 'down-right': 45, 'down': 90, 'down-left': 135, 'left': 180, 'up-left': 225, 'up': 270, 'up-right': 315,
};

/**
 * The way to a service point from where the display hangs, as reception set it. A
 * physical direction is never mirrored; without one, the plain "go to" arrow follows the
 * reading direction of the rotating language.
 */
export function WayArrow({ arrow, class: className }: { arrow?: Arrow | undefined; class?: string }) {
  const state = useDisplay();
  const angle = arrow !== undefined ? ANGLE[arrow] : state.language.value.dir === 'rtl' ? 180 : 0;
  return (
    <svg class={`way-arrow ${className ?? ''}`} viewBox="0 0 100 100" aria-hidden="true" focusable="false" data-arrow={arrow ?? 'none'}>
      <path d="M8 40h50V18l36 32-36 32V60H8z" fill="currentColor" transform={`rotate(${angle} 50 50)`} />
    </svg>
  );
}
