/**
 * The console shell: one app, a page per role, chosen by the address (`#/counter`,
 * `#/reception`, `#/facility`, `#/manager`, `#/admin`). The nav lists only what the signed-in
 * account may open; a forbidden address says so instead of showing the page.
 */
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { AuthGate, SignedInBar } from './auth/AuthGate.js';
import { useAuth } from './auth/context.js';
import { Nav } from './shell/Nav.js';
import { NoAccess } from './shell/NoAccess.js';
import { allowedPages, hashOf, resolveRoute, type PageId, type Route } from './shell/routes.js';
import { shellStrings } from './shell/strings.js';
import { replaceHash, useHash } from './shell/use-hash.js';
import { CounterPage } from './pages/counter/CounterPage.js';
import { ReceptionPage } from './pages/reception/ReceptionPage.js';
import { FacilityPage } from './pages/facility/FacilityPage.js';
import { ManagerPage } from './pages/manager/ManagerPage.js';
import { AdminPage } from './pages/admin/AdminPage.js';
import './shell/shell.css';

const PAGE_COMPONENTS: Record<PageId, ComponentType> = {
  counter: CounterPage,
  reception: ReceptionPage,
  facility: FacilityPage,
  manager: ManagerPage,
  admin: AdminPage,
};

export function App() {
  const auth = useAuth();
  const staff = auth.staff.value;
  const hash = useHash();
  const route: Route | null = staff ? resolveRoute(hash, staff.roles) : null;
  const page = route?.kind === 'page' || route?.kind === 'forbidden' ? route.page : null;
  const title = page ? `${shellStrings.app} – ${shellStrings.pages[page]}` : shellStrings.app;
  const heading = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef<PageId | null>(null);

  // An empty or unknown address goes to the landing page without a history entry.
  useLayoutEffect(() => {
    if (route?.kind === 'redirect') replaceHash(hashOf(route.to));
  }, [route?.kind === 'redirect' ? route.to : null]);

  useEffect(() => { document.title = title; }, [title]);

  // A move between pages (not the first one) takes focus to the new page's heading, so a
  // screen reader announces where it landed and Tab starts from the top of the page.
  useEffect(() => {
    if (page && shownPage.current && shownPage.current !== page) heading.current?.focus();
    shownPage.current = page;
  }, [page]);

  const Page = route?.kind === 'page' ? PAGE_COMPONENTS[route.page] : null;
  return (
    <div class="console">
      <header class="console-header">
        <h1 class="console-title" ref={heading} tabIndex={-1}>{title}</h1>
        {staff && <Nav pages={allowedPages(staff.roles)} current={page} />}
        <SignedInBar />
      </header>
      <main class="console-main" id="main">
        <AuthGate>
          {/* Keyed by account, so a new sign-in at the same desk starts with fresh page state. */}
          {Page && staff && <Page key={`${staff.id}:${route?.kind === 'page' ? route.page : ''}`} />}
          {route?.kind === 'forbidden' && <NoAccess landing={route.landing} />}
          {route?.kind === 'none' && <NoAccess landing={null} />}
        </AuthGate>
      </main>
    </div>
  );
}
