import { useId } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

/**
 * A label above its control, tied by id rather than by nesting, so the control's name is
 * the label's text alone (a nested <select> would add its chosen option to the name).
 */
export function Field({ label, extraClass, children }: { label: string; extraClass?: string; children: (id: string) => ComponentChildren }) {
  const id = useId();
  return (
    <div class={`rx-field${extraClass ? ` ${extraClass}` : ''}`}>
      <label for={id}>{label}</label>
      {children(id)}
    </div>
  );
}
