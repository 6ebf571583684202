/**
 * The counter's keyboard shortcuts: one letter each, no modifier, never while typing in a
 * field (a letter typed into the case code must not call the next visitor). Pure, tested
 * without a browser; the page binds it to `keydown`.
 */
export type Command = 'next' | 'recall' | 'serve' | 'noShow' | 'park' | 'transfer' | 'finish';

/** In legend order. `key` is what the legend shows and what `aria-keyshortcuts` names. */
export const SHORTCUTS: readonly { key: string; command: Command }[] = [
  { key: 'N', command: 'next' },
  { key: 'R', command: 'recall' },
  { key: 'S', command: 'serve' },
  { key: 'U', command: 'noShow' },
  { key: 'P', command: 'park' },
  { key: 'T', command: 'transfer' },
  { key: 'F', command: 'finish' },
];

export const shortcutKey = (command: Command): string => SHORTCUTS.find((s) => s.command === command)!.key;

/** The part of a DOM element this needs, so the rule runs without a DOM in tests. */
export interface KeyTarget { tagName?: string; type?: string; isContentEditable?: boolean }

/** Inputs where a letter is buttons' business, not text. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'image', 'range', 'color', 'file']);

export function isTypingTarget(target: KeyTarget | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  defaultPrevented: boolean;
  target: KeyTarget | null;
}

export function commandFor(e: KeyEventLike): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.defaultPrevented) return null;
  if (isTypingTarget(e.target)) return null;
  const key = e.key.length === 1 ? e.key.toUpperCase() : '';
  return SHORTCUTS.find((s) => s.key === key)?.command ?? null;
}
