/**
 * What a visitor's screen must honour, checked inside real Chromium: WCAG 2.1 AA by
 * axe-core, touch targets large enough for a standing, hurried or shaky hand, and text
 * drawn only with the fonts we ship (a glyph from anywhere else may be a missing-glyph box).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now; [] when clean. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over DevTools, not added as a <script>: the apps' Content-Security-Policy refuses inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/** Every visible button, link or field smaller than `min` CSS px in either direction. */
export async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((minimum) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input, select, [role="button"]'))) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      if (box.width < minimum || box.height < minimum) {
        out.push(`${el.tagName.toLowerCase()}[${el.dataset['testid'] ?? el.textContent?.trim().slice(0, 30)}] ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  }, min);
}

interface PlatformFont { familyName: string; isCustomFont: boolean; glyphCount: number }

/** The fonts Chromium drew each element's own text with (DevTools' CSS.getPlatformFontsForNode). */
type ElementFonts = { nodeId: number; fonts: PlatformFont[]; html?: string };

async function fontsPerElement(page: Page): Promise<ElementFonts[]> {
  await page.evaluate(() => document.fonts.ready);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body *' });
    const out: ElementFonts[] = [];
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      if (fonts.length) out.push({ nodeId, fonts });
    }
    // Outer HTML only for the few that failed, while the session still knows the ids.
    for (const e of out) if (e.fonts.some((f) => !f.isCustomFont)) e.html = (await cdp.send('DOM.getOuterHTML', { nodeId: e.nodeId })).outerHTML;
    return out;
  } finally {
    await cdp.detach();
  }
}

/**
 * Text drawn with a font that is not one of the page's own web fonts: a character our
 * Noto faces lack would fall back to a system font or the missing-glyph box, and show here.
 */
export async function foreignGlyphs(page: Page): Promise<string[]> {
  return (await fontsPerElement(page))
    .filter((e) => e.fonts.some((f) => !f.isCustomFont))
    .map((e) => `${e.fonts.filter((f) => !f.isCustomFont).map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ')} in ${(e.html ?? '').slice(0, 120)}`);
}

/** How many glyphs were drawn with our web fonts: proof that the check above saw text at all. */
export async function glyphsDrawn(page: Page): Promise<number> {
  return (await fontsPerElement(page)).flatMap((e) => e.fonts).filter((f) => f.isCustomFont).reduce((a, f) => a + f.glyphCount, 0);
}
