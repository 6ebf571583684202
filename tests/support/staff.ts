/** Staff acting on the real server through its HTTP API, as the console would. */
import assert from 'node:assert/strict';

/** Signs a demo account in; answers the Cookie header to send. */
export async function signIn(base: string, username: string, password = 'entre-demo-2026'): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(res.status, 200, `sign-in as ${username}`);
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}

/** One request as a demo account; asserts the status and answers the parsed body (if any). */
export async function asStaff<T = unknown>(base: string, username: string, method: string, path: string, body?: object, expect = 200): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), cookie: await signIn(base, username) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  assert.equal(res.status, expect, `${method} ${path} as ${username}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
