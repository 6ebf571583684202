import type { Page, Request } from 'playwright-core';

/** Per watched page: requests still unanswered, those that failed, and its console warnings and errors. */
const watched = new WeakMap<Page, { pending: Set<Request>; failed: string[]; warnings: string[] }>();

/**
 * Starts keeping what a page waits for and complains about, so that a wait that times out
 * can say why (a request with no answer, a board ignored) instead of only that it did.
 */
export function watchPage(page: Page): void {
  const seen = { pending: new Set<Request>(), failed: [] as string[], warnings: [] as string[] };
  watched.set(page, seen);
  page.on('request', (r) => seen.pending.add(r));
  page.on('requestfinished', (r) => seen.pending.delete(r));
  page.on('requestfailed', (r) => { seen.pending.delete(r); seen.failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? '?'}`); });
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') seen.warnings.push(m.text()); });
}

/** What a watched page was waiting for and said, as one line for an error message. */
export function pageReport(page: Page): string {
  const seen = watched.get(page);
  if (!seen) return 'the page was not watched';
  const pending = [...seen.pending].map((r) => `${r.method()} ${r.url()}`);
  return `requests unanswered: ${JSON.stringify(pending)}; failed: ${JSON.stringify(seen.failed)}; its warnings: ${JSON.stringify(seen.warnings)}`;
}
