/**
 * The one-line reason the console shows beside a call, e.g.
 *   "Vald: språkmatchning (arabiska), prioritet, väntat 4 min (1,3× målet). Avgjort av: språk (12 möjliga)."
 * Built from the Explanation data, so the console can also render its own way.
 */
import type { DecisiveRule, Explanation, SkipCounts, WorkProfileRule } from './types.js';

export type ExplainLanguage = 'sv' | 'en';

const words = {
  sv: {
    chosen: 'Vald', decidedBy: 'Avgjort av', eligible: (n: number) => `${n} möjliga`,
    nobodyWaiting: 'Ingen väntar.', nothing: 'Inget att ta just nu',
    pinned: 'fäst vid dig', escalated: 'eskalerad (utanför dina kompetenser)',
    spoken: (l: string) => `språkmatchning (${l})`, interpreter: (l: string) => `tolk behövs (${l})`, other: (l: string) => `annat språk (${l})`,
    priority: 'prioritet', appointment: 'bokad tid', normalTurn: 'varvning: normal tur',
    waited: (d: string, x: string) => `väntat ${d} (${x}× målet)`, penalty: (p: string) => `kompetensstraff ${p}`, rank: (r: string) => `receptionens ordning ${r}`,
    waitedOver: (d: string, s?: string) => `arbetsprofil: väntat över ${d}${s ? ` (${s})` : ''}`, inWindow: 'arbetsprofil: bokad tid inom fönstret',
    skipped: { pinnedElsewhere: 'fäst vid annan', noSkill: 'saknar kompetens', wrongChannel: 'fel kanal', languageNotYetOffered: 'väntar på tolkgränsen' } satisfies Record<keyof SkipCounts, string>,
    rules: {
      none: 'inget', only_candidate: 'enda möjliga', pin: 'fäst ärende', language: 'språk', work_profile: 'arbetsprofil',
      class: 'prioritetsklass', urgency: 'väntan mot målet', rank: 'receptionens ordning i kön', arrival: 'ankomsttid', id: 'ärende-id',
    } satisfies Record<DecisiveRule, string>,
    units: { s: 's', min: 'min', h: 'tim', d: 'dygn' },
  },
  en: {
    chosen: 'Chosen', decidedBy: 'Decided by', eligible: (n: number) => `${n} eligible`,
    nobodyWaiting: 'Nobody is waiting.', nothing: 'Nothing to take now',
    pinned: 'pinned to you', escalated: 'escalated (outside your skills)',
    spoken: (l: string) => `language match (${l})`, interpreter: (l: string) => `interpreter needed (${l})`, other: (l: string) => `other language (${l})`,
    priority: 'priority', appointment: 'appointment', normalTurn: 'interleave: normal turn',
    waited: (d: string, x: string) => `waited ${d} (${x}× target)`, penalty: (p: string) => `skill penalty ${p}`, rank: (r: string) => `reception order ${r}`,
    waitedOver: (d: string, s?: string) => `work profile: waited over ${d}${s ? ` (${s})` : ''}`, inWindow: 'work profile: appointment within its window',
    skipped: { pinnedElsewhere: 'pinned to someone else', noSkill: 'outside your skills', wrongChannel: 'wrong channel', languageNotYetOffered: 'waiting for the interpreter limit' } satisfies Record<keyof SkipCounts, string>,
    rules: {
      none: 'nothing', only_candidate: 'only eligible contact', pin: 'pin', language: 'language', work_profile: 'work profile',
      class: 'priority class', urgency: 'wait against target', rank: 'reception order in the queue', arrival: 'arrival', id: 'contact id',
    } satisfies Record<DecisiveRule, string>,
    units: { s: 's', min: 'min', h: 'h', d: 'd' },
  },
} as const;

const languageNames = new Map<ExplainLanguage, Intl.DisplayNames | null>();

/** The language's name in the staff's language; the code itself if ICU does not know it. */
export function languageName(code: string, lang: ExplainLanguage): string {
  let names = languageNames.get(lang);
  if (names === undefined) {
    try { names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' }); } catch { names = null; }
    languageNames.set(lang, names);
  }
  try { return names?.of(code) ?? code; } catch { return code; }
}

/** Whole units, truncated: staff read "4 min" for 4:59, as a wall clock would show it. */
export function formatDuration(seconds: number, lang: ExplainLanguage): string {
  const u = words[lang].units;
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} ${u.s}`;
  if (s < 3600) return `${Math.floor(s / 60)} ${u.min}`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} ${u.h}${m ? ` ${m} ${u.min}` : ''}`;
  }
  const h = Math.floor((s % 86400) / 3600);
  return `${Math.floor(s / 86400)} ${u.d}${h ? ` ${h} ${u.h}` : ''}`;
}

const decimals = new Map<ExplainLanguage, Intl.NumberFormat>();

/** One formatter per language, made once: a call next explains itself twice, ten times a second under load. */
function decimal(n: number, lang: ExplainLanguage): string {
  let format = decimals.get(lang);
  if (!format) decimals.set(lang, format = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  return format.format(n);
}

function profileRuleText(rule: WorkProfileRule, lang: ExplainLanguage): string | null {
  const w = words[lang];
  if (rule.kind === 'waited_over') return w.waitedOver(formatDuration(rule.seconds, lang), rule.service);
  if (rule.kind === 'appointments_first') return w.inWindow;
  return null;
}

export function explain(expl: Explanation, lang: ExplainLanguage): string {
  const w = words[lang];
  const c = expl.chosen;
  if (c === null) {
    const reasons = (Object.keys(w.skipped) as (keyof SkipCounts)[])
      .filter((k) => expl.skipped[k] > 0)
      .map((k) => `${expl.skipped[k]} ${w.skipped[k]}`);
    return reasons.length === 0 ? w.nobodyWaiting : `${w.nothing}: ${reasons.join(', ')}.`;
  }
  const facts: string[] = [];
  if (c.pinned) facts.push(w.pinned);
  const profileText = c.profileRule ? profileRuleText(c.profileRule.rule, lang) : null;
  if (profileText) facts.push(profileText);
  const name = languageName(c.language, lang);
  facts.push(c.languageFit === 'spoken' ? w.spoken(name) : c.languageFit === 'interpreter' ? w.interpreter(name) : w.other(name));
  if (c.effectiveClass === 'priority') facts.push(w.priority);
  else if (c.effectiveClass === 'appointment') facts.push(w.appointment);
  else if (c.normalTurn) facts.push(w.normalTurn);
  if (c.escalated) facts.push(w.escalated);
  facts.push(w.waited(formatDuration(c.waitedSeconds, lang), decimal(Math.max(0, c.urgency), lang)));
  if (c.penalty !== 0) facts.push(w.penalty(decimal(c.penalty, lang)));
  if (expl.decidedBy === 'rank' && c.rank !== null) facts.push(w.rank(String(c.rank)));
  return `${w.chosen}: ${facts.join(', ')}. ${w.decidedBy}: ${w.rules[expl.decidedBy]} (${w.eligible(expl.candidates)}).`;
}
