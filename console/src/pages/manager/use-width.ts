import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * The rendered width of an element in CSS pixels, kept current: a chart draws in a viewBox
 * of that width, so one unit is one pixel and its text stays the size the CSS says.
 */
export function useWidth<T extends Element>(initial: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
