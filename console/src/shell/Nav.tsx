import { hashOf, type PageId } from './routes.js';
import { shellStrings } from './strings.js';

/** Links to the pages this staff member may open; the current one is marked for every reader. */
export function Nav({ pages, current }: { pages: PageId[]; current: PageId | null }) {
  if (pages.length === 0) return null;
  return (
    <nav class="shell-nav" aria-label={shellStrings.nav}>
      <ul>
        {pages.map((p) => (
          <li key={p}>
            <a href={hashOf(p)} aria-current={p === current ? 'page' : undefined} data-testid={`nav-${p}`}>
              {shellStrings.pages[p]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
