/**
 * Who is signed in to the console. The session itself is an HttpOnly cookie the page
 * cannot read; this state only mirrors what the server says (`/auth/me`, `/auth/login`).
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { lightChecker, hasRole, NoContent, SessionResponse, SessionsEnded, type Role, type SignedInStaff } from '@entre/protocol';
import { ApiError, type Http } from '@entre/web-common/http';
import { authStrings } from './strings.js';

const checkSession = lightChecker(SessionResponse);
const checkNoContent = lightChecker(NoContent);
const checkSessionsEnded = lightChecker(SessionsEnded);

export interface AuthState {
  readonly staff: ReadonlySignal<SignedInStaff | null>;
  /** True until the first `check()` has answered, so the page shows neither sign-in nor content. */
  readonly checking: ReadonlySignal<boolean>;
  readonly submitting: ReadonlySignal<boolean>;
  /** Why the last sign-in or sign-out failed: the problem's `detail` when the server gave one. */
  readonly error: ReadonlySignal<string | null>;
  /** Who was signed in before the session ended, to fill in the sign-in form again. */
  readonly lastUsername: ReadonlySignal<string | null>;
  check(): Promise<void>;
  /** Resolves true when signed in; on failure `error` says why. */
  signIn(username: string, password: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** Ends every session of this account, this browser's too (a desk left signed in elsewhere). */
  signOutEverywhere(): Promise<void>;
  /** For other API calls that got a 401: the session ended (expired, or signed out elsewhere). */
  sessionEnded(): void;
  /** Admin holds every role. */
  can(...roles: Role[]): boolean;
}

function describe(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.problem) return err.detail;
    if (err.failure === 'network') return authStrings.networkError;
  }
  return authStrings.unexpectedError;
}

export function createAuthState(http: Http): AuthState {
  const staff = signal<SignedInStaff | null>(null);
  const checking = signal(true);
  const submitting = signal(false);
  const error = signal<string | null>(null);
  const lastUsername = signal<string | null>(null);

  /** Signed out, by us or by the server: the page goes back to the form, with `message`. */
  function signedOut(message: string | null): void {
    batch(() => {
      if (staff.value) lastUsername.value = staff.value.username;
      staff.value = null;
      error.value = message;
    });
  }

  async function check(): Promise<void> {
    try {
      const res = await http.get('/auth/me', checkSession);
      batch(() => { staff.value = res.staff; error.value = null; });
    } catch (err) {
      batch(() => {
        staff.value = null;
        // 401 is the normal "not signed in"; anything else is worth saying.
        error.value = err instanceof ApiError && err.status === 401 ? null : describe(err);
      });
    } finally {
      checking.value = false;
    }
  }

  async function signIn(username: string, password: string): Promise<boolean> {
    if (submitting.value) return false;
    submitting.value = true;
    error.value = null;
    try {
      const res = await http.post('/auth/login', { username, password }, checkSession);
      batch(() => { staff.value = res.staff; checking.value = false; });
      return true;
    } catch (err) {
      error.value = describe(err);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  async function signOut(): Promise<void> {
    try {
      await http.post('/auth/logout', {}, checkNoContent);
      batch(() => { staff.value = null; error.value = null; lastUsername.value = null; });
    } catch {
      // Keep showing the signed-in page: on a shared desk, "looks signed out but is not"
      // would be worse than a visible failure.
      error.value = authStrings.signOutFailed;
    }
  }

  async function signOutEverywhere(): Promise<void> {
    try {
      await http.post('/auth/sign-out-everywhere', {}, checkSessionsEnded);
      signedOut(authStrings.signedOutEverywhere);
    } catch (err) {
      // Already ended (expired, or ended from elsewhere): signed out here as well.
      if (err instanceof ApiError && err.status === 401) signedOut(authStrings.expired);
      else error.value = authStrings.signOutEverywhereFailed;
    }
  }

  return {
    staff, checking, submitting, error, lastUsername, check, signIn, signOut, signOutEverywhere,
    sessionEnded() {
      if (!staff.value) return;
      signedOut(authStrings.expired);
    },
    can: (...roles) => staff.value !== null && hasRole(staff.value.roles, roles),
  };
}
