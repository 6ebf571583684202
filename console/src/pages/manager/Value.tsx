import { NO_VALUE } from './format.js';
import { managerStrings as s } from './strings.js';

/** A figure as text, or "–" that a screen reader speaks as "saknas" when there is no data. */
export function Value({ text }: { text: string | undefined }) {
  if (text !== undefined) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">{NO_VALUE}</span>
      <span class="manager-visually-hidden">{s.noValueLabel}</span>
    </>
  );
}
