import { useEffect, useRef } from 'preact/hooks';
import { useAuth } from './context.js';
import { authStrings } from './strings.js';
import './SignIn.css';

/**
 * The sign-in form. Native labels and autocomplete tokens so password managers and
 * screen readers understand it; the server's problem detail is announced on failure and
 * focus goes back to the password, which is cleared.
 */
export function SignIn() {
  const auth = useAuth();
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const error = auth.error.value;
  const busy = auth.submitting.value;
  // After a session ended, the same person is most likely back: their name is kept.
  const known = auth.lastUsername.value;

  useEffect(() => { (known ? password : username).current?.focus(); }, []);

  async function onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const user = username.current?.value.trim() ?? '';
    const pass = password.current?.value ?? '';
    if (!user) { username.current?.focus(); return; }
    if (!pass) { password.current?.focus(); return; }
    const ok = await auth.signIn(user, pass);
    if (!ok && password.current) {
      password.current.value = '';
      password.current.focus();
    }
  }

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <form class="sign-in-form" method="post" onSubmit={onSubmit} aria-busy={busy} data-testid="sign-in-form">
        <h2 id="sign-in-title" class="sign-in-title">{authStrings.title}</h2>
        <p class="sign-in-intro">{authStrings.intro}</p>
        {error && <p id="sign-in-error" class="alert" role="alert" data-testid="sign-in-error">{error}</p>}
        <label class="sign-in-field" for="sign-in-username">
          <span class="sign-in-label">{authStrings.username}</span>
          <input
            ref={username}
            id="sign-in-username"
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            maxLength={64}
            defaultValue={known ?? undefined}
            required
            aria-describedby={error ? 'sign-in-error' : undefined}
          />
        </label>
        <label class="sign-in-field" for="sign-in-password">
          <span class="sign-in-label">{authStrings.password}</span>
          <input
            ref={password}
            id="sign-in-password"
            name="password"
            type="password"
            autocomplete="current-password"
            maxLength={256}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
          />
        </label>
        {/* aria-disabled rather than disabled: a disabled button drops keyboard focus mid-submit. */}
        <button type="submit" class="sign-in-submit" aria-disabled={busy} data-testid="sign-in-submit">
          {busy ? authStrings.submitting : authStrings.submit}
        </button>
      </form>
    </section>
  );
}
