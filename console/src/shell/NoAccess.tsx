import { hashOf, type PageId } from './routes.js';
import { shellStrings } from './strings.js';

/** In place of a page this account may not open: says so, and where to go instead. */
export function NoAccess({ landing }: { landing: PageId | null }) {
  return (
    <section class="shell-no-access" data-testid="no-access">
      <p class="alert">{landing ? shellStrings.noAccess : shellStrings.noPages}</p>
      {landing && (
        <p>
          <a class="shell-link" href={hashOf(landing)}>{shellStrings.goTo} {shellStrings.pages[landing].toLowerCase()}</a>
        </p>
      )}
    </section>
  );
}
