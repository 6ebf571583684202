import { SHORTCUTS } from '../shortcuts.js';
import { strings } from '../strings.js';

/** Always on screen, so nobody has to remember the keys. */
export function ShortcutLegend() {
  return (
    <section class="shortcut-legend" aria-labelledby="shortcuts-heading" data-testid="shortcut-legend">
      <h2 id="shortcuts-heading" class="counter-heading">{strings.shortcutsHeading}</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.key} class="shortcut">
            <dt><kbd class="key-hint">{s.key}</kbd></dt>
            <dd>{strings.commands[s.command]}</dd>
          </div>
        ))}
      </dl>
      <p class="shortcut-note">{strings.shortcutsNote}</p>
    </section>
  );
}
