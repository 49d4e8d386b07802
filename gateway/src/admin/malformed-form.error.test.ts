import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { ORIGIN, signedIn } from './fixtures.ts';
import { LOGIN_FAILED } from './login.tsx';

/** Bodies that claim to be forms but cannot be parsed as one (found by the fuzz suite: each was a 500). */
const MALFORMED: [string, string, string][] = [
  ['multipart without a boundary', 'multipart/form-data', 'email=a@b.c&password=x'],
  ['multipart with a boundary the body never uses', 'multipart/form-data; boundary=xyz', 'email=a@b.c&password=x'],
  ['an empty multipart body', 'multipart/form-data; boundary=xyz', ''],
  [
    'a cut-off multipart part',
    'multipart/form-data; boundary=xyz',
    '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b',
  ],
];

const post = (contentType: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType, origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...headers },
  body,
});

describe.each(MALFORMED)('a form POST with %s', (_what, contentType, body) => {
  it('fails sign-in with the usual 401 page, never a 500', async () => {
    const { app } = testApp();
    const res = await app.request('/admin/login', post(contentType, body));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(LOGIN_FAILED);
  });

  it('is refused by the CSRF check with a 403 page for a signed-in user, never a 500', async () => {
    const { app, deps } = testApp();
    const admin = await signedIn(app, deps, 'admin');
    const res = await app.request('/admin/users', post(contentType, body, admin.headers));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This form has expired or was sent from another site');
  });
});
