import type { ComponentChild } from 'preact';
import type { MessageKey } from '@entre/protocol';
import type { Translate } from '../../lib/i18n.js';

/**
 * A catalog string whose placeholders are elements, not text: a counter's name in its own
 * `lang`, a case code kept left-to-right inside an Arabic sentence. The translation keeps
 * its word order; only the holes are filled with nodes.
 */
export function Message({ t, k, params }: { t: Translate; k: MessageKey; params: Record<string, ComponentChild> }) {
  const names = Object.keys(params);
  const marks = Object.fromEntries(names.map((name, i) => [name, `\u0000${i}\u0000`]));
  const parts = t(k, marks).split(/\u0000(\d+)\u0000/);
  return <>{parts.map((part, i) => (i % 2 === 0 ? part : params[names[Number(part)]!]))}</>;
}
