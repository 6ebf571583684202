import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * The heading of a screen. It takes focus when the screen appears, so screen-reader and
 * keyboard users start at the top of the new screen instead of on a button that vanished.
 */
export function ScreenTitle({ children, class: className }: { children: ComponentChildren; class?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class={className ? `screen-title ${className}` : 'screen-title'}>
      {children}
    </h1>
  );
}
