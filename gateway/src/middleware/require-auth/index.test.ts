import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addUser, createApiKey, disableUser, revokeApiKey } from '../../admin/accounts.ts';
import { createAuth } from '../../admin/auth.ts';
import type { AppEnv } from '../../context.ts';
import { handleError } from '../../errors.ts';
import { createLogger } from '../../log/logger.ts';
import { createMemoryRecordStore } from '../../store/memory/records.ts';
import type { Role, Scope } from '../../store/records.ts';
import { testPasswords } from '../../testing.ts';
import { requireAuth } from './index.ts';

const STATS = { scope: 'stats:read', roles: ['admin', 'marketer'] } as const;

/** A bare app with the stats guard on an API path and an admin page, as the reports routes use it. */
async function setup() {
  let t = Date.parse('2026-03-01T09:00:00Z');
  const records = createMemoryRecordStore();
  const deps = { records, passwords: testPasswords, now: () => t };
  const auth = createAuth({ records, csrfKey: new Uint8Array(32), trustProxy: false, now: () => t });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('auth', auth);
    await next();
  });
  app.get('/api/stats/summary', requireAuth(STATS), (c) => c.json({ principal: c.get('principal') }));
  app.get('/admin/reports', requireAuth(STATS), (c) => c.text(`hello ${c.get('principal')?.kind}`));
  app.get('/admin/only-sessions', requireAuth({ roles: ['marketer'] }), (c) => c.text('ok'));
  app.onError(handleError(createLogger('silent')));

  const sessionFor = async (role: Role) => {
    const user = await addUser(
      deps,
      { email: `${role}@example.test`, role, password: 'a long enough password' },
      'cli',
    );
    return { user, cookie: `candor_session=${await auth.sessions.start(user.id)}` };
  };
  const keyWith = async (...scopes: Scope[]) => (await createApiKey(deps, { name: 'k', scopes }, 'cli')).key;
  return {
    app,
    deps,
    records,
    sessionFor,
    keyWith,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('requireAuth without credentials', () => {
  it('answers /api/* with a 401 problem and a WWW-Authenticate challenge', async () => {
    const { app } = await setup();
    const res = await app.request('/api/stats/summary');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="candor"');
    expect(await res.json()).toMatchObject({ type: 'urn:candor:problem:unauthorized', status: 401 });
  });

  it('redirects an admin page to /admin/login, carrying the page as next', async () => {
    const { app } = await setup();
    const res = await app.request('/admin/reports?period=7d');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Freports%3Fperiod%3D7d');
  });
});

describe('requireAuth with an API key', () => {
  it('lets a key with the scope through and sets the principal', async () => {
    const { app, keyWith } = await setup();
    const key = await keyWith('stats:read', 'suppressions:read');
    const res = await app.request('/api/stats/summary', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const { principal } = await res.json();
    expect(principal).toEqual({ kind: 'apikey', id: expect.any(String), scopes: ['stats:read', 'suppressions:read'] });
  });

  it('answers 403 insufficient_scope for a key without the scope', async () => {
    const { app, keyWith } = await setup();
    const key = await keyWith('unsubscribe:write');
    const res = await app.request('/api/stats/summary', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="stats:read"');
    expect((await res.json()).detail).toBe('This API key lacks the stats:read scope.');
  });

  it('refuses a revoked key with 401', async () => {
    const { app, deps, keyWith, records } = await setup();
    const key = await keyWith('stats:read');
    const [stored] = await records.apiKeys.list();
    await revokeApiKey(deps, 'cli', stored?.id ?? '');
    const res = await app.request('/api/stats/summary', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it.each([
    ['an unknown key', `Bearer cdr_${'x'.repeat(40)}`],
    ['a malformed key', 'Bearer hello'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401', async (_what, authorization) => {
    const { app } = await setup();
    expect((await app.request('/api/stats/summary', { headers: { authorization } })).status).toBe(401);
  });

  it('records the last use at most once a minute', async () => {
    const { app, keyWith, records, advance } = await setup();
    const key = await keyWith('stats:read');
    const headers = { authorization: `Bearer ${key}` };
    await app.request('/api/stats/summary', { headers });
    const first = (await records.apiKeys.list())[0]?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    advance(30_000);
    await app.request('/api/stats/summary', { headers });
    expect((await records.apiKeys.list())[0]?.lastUsedAt).toEqual(first);
    advance(30_000);
    await app.request('/api/stats/summary', { headers });
    expect((await records.apiKeys.list())[0]?.lastUsedAt?.getTime()).toBe((first?.getTime() ?? 0) + 60_000);
  });

  it('is refused where no scope is named (session-only routes)', async () => {
    const { app, keyWith } = await setup();
    const key = await keyWith('stats:read', 'unsubscribe:write', 'suppressions:read');
    const res = await app.request('/admin/only-sessions', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
  });
});

describe('requireAuth with a session', () => {
  it.each([
    ['admin', 200],
    ['marketer', 200],
    ['privacy', 403],
  ] as const)('%s on the stats API: %i', async (role, expected) => {
    const { app, sessionFor } = await setup();
    const { user, cookie } = await sessionFor(role);
    const res = await app.request('/api/stats/summary', { headers: { cookie } });
    expect(res.status).toBe(expected);
    if (expected === 200) {
      expect((await res.json()).principal).toEqual({ kind: 'user', id: user.id, role, email: user.email });
    } else {
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('answers the wrong role on an admin page with a 403 page, not a problem', async () => {
    const { app, sessionFor } = await setup();
    const { cookie } = await sessionFor('privacy');
    const res = await app.request('/admin/reports', { headers: { cookie } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('always lets admin through, even when the roles list omits it', async () => {
    const { app, sessionFor } = await setup();
    const { cookie } = await sessionFor('admin');
    expect((await app.request('/admin/only-sessions', { headers: { cookie } })).status).toBe(200);
  });

  it('stops accepting the session of a disabled user', async () => {
    const { app, deps, sessionFor } = await setup();
    const admin = await sessionFor('admin');
    const marketer = await sessionFor('marketer');
    await disableUser(deps, admin.user.id, marketer.user.id);
    expect((await app.request('/api/stats/summary', { headers: { cookie: marketer.cookie } })).status).toBe(401);
  });

  it('prefers the API key when both are sent', async () => {
    const { app, sessionFor, keyWith } = await setup();
    const { cookie } = await sessionFor('marketer');
    const key = await keyWith('unsubscribe:write');
    const res = await app.request('/api/stats/summary', { headers: { cookie, authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
  });
});

describe('requireAuth misuse', () => {
  it('fails loudly (500) when the auth service is not on the context', async () => {
    const app = new Hono<AppEnv>();
    app.get('/api/x', requireAuth(STATS), (c) => c.text('never'));
    app.onError(handleError(createLogger('silent')));
    expect((await app.request('/api/x')).status).toBe(500);
  });
});
