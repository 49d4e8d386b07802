// Helpers for the admin tests: seeded users, form posts, and signed-in sessions.
import type { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../context.ts';
import type { Role, User } from '../store/records.ts';
import { testPasswords } from '../testing.ts';
import { type AccountDeps, addUser } from './accounts.ts';

export const PASSWORD = 'correct horse battery staple';
export const ORIGIN = 'http://localhost';

/** The deps of the account functions (accounts.ts) for a test app. */
export function accountDeps(deps: AppDeps): AccountDeps {
  return { records: deps.records, passwords: testPasswords, now: deps.admin.now ?? Date.now };
}

export function seedUser(deps: AppDeps, role: Role, email = `${role}@example.test`): Promise<User> {
  return addUser(accountDeps(deps), { email, role, password: PASSWORD }, 'cli');
}

/** A urlencoded form POST, as a browser on this origin sends it. */
export function form(fields: Record<string, string | string[]>, headers: Record<string, string> = {}): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
  };
}

export function cookieOf(res: Response): string | undefined {
  const set = res.headers.get('set-cookie') ?? '';
  return /candor_session=([^;]*)/.exec(set)?.[1] || undefined;
}

export async function login(
  app: Hono<AppEnv>,
  email: string,
  password = PASSWORD,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.request('/admin/login', form({ email, password }, headers));
}

/** The `_csrf` value of the first form on a page. */
export async function csrfOn(app: Hono<AppEnv>, cookie: string, path = '/admin'): Promise<string> {
  const html = await (await app.request(path, { headers: { cookie: `candor_session=${cookie}` } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF field on ${path}`);
  return token;
}

/** Seeds a user of the role, signs in, and returns what a browser would hold. */
export async function signedIn(app: Hono<AppEnv>, deps: AppDeps, role: Role, email?: string) {
  const user = await seedUser(deps, role, email);
  const res = await login(app, user.email);
  const cookie = cookieOf(res);
  if (!cookie) throw new Error(`login failed with ${res.status}`);
  const csrf = await csrfOn(app, cookie);
  const headers = { cookie: `candor_session=${cookie}` };
  return { user, cookie, csrf, headers };
}
