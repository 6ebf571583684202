import type { ComponentChildren } from 'preact';
import type { Role } from '@entre/protocol';
import { useAuth } from './context.js';
import { SignIn } from './SignIn.js';
import { authStrings } from './strings.js';
import './SignIn.css';

/** Shows `children` only to signed-in staff; the sign-in form otherwise. */
export function AuthGate({ children }: { children: ComponentChildren }) {
  const auth = useAuth();
  if (auth.checking.value) return <p class="sign-in-checking" role="status">{authStrings.checking}</p>;
  if (!auth.staff.value) return <SignIn />;
  return <>{children}</>;
}

/** Name of who is signed in and a sign-out button, for the console header. */
export function SignedInBar() {
  const auth = useAuth();
  const staff = auth.staff.value;
  if (!staff) return null;
  return (
    <div class="signed-in-bar">
      <span>
        <span class="signed-in-label">{authStrings.signedInAs}</span> {staff.displayName}
      </span>
      <button type="button" class="button button-link" onClick={() => void auth.signOut()} data-testid="sign-out">{authStrings.signOut}</button>
      <button type="button" class="button button-link" onClick={() => void auth.signOutEverywhere()} title={authStrings.signOutEverywhereHint}
        data-testid="sign-out-everywhere">{authStrings.signOutEverywhere}</button>
      {auth.error.value && <span class="signed-in-error" role="alert">{auth.error.value}</span>}
    </div>
  );
}

/** Renders `children` only when the signed-in staff member holds one of `roles` (admin holds all). */
export function IfRole({ roles, children }: { roles: Role[]; children: ComponentChildren }) {
  const auth = useAuth();
  return auth.can(...roles) ? <>{children}</> : null;
}
