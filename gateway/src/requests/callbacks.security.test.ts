import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import { handleError } from '../errors.ts';
import { createLogger } from '../log/logger.ts';
import { createReplayCache } from '../outbox/replay-cache.ts';
import { signWebhook } from '../outbox/signature.ts';
import { testAdmin, testApp } from '../testing.ts';
import { registerSystemCallbackRoutes, SYSTEM_CALLBACK_BODY_LIMIT, SYSTEM_CALLBACK_PATH } from './callbacks.ts';
import { SECRETS, seedRequest, signedReport, systemsConfig, T0, testUnsubscribe } from './workflow.fixtures.ts';
import { completeRequest, waitForSystems } from './workflow.ts';

const NOW = T0.getTime() + 60_000;

function setup(now = () => NOW) {
  const t = testApp({ config: systemsConfig, webhookSecrets: SECRETS, admin: testAdmin({ now }) });
  const unsubscribe = testUnsubscribe(systemsConfig, t.deps.records, now);
  const deps = { config: systemsConfig, records: t.deps.records, unsubscribe, now };
  return { ...t, requestDeps: deps };
}

const url = (id: string, system = 'crm') => `/api/privacy-requests/${id}/systems/${system}`;
/** Posts a report signed for `path` to `path`, as a connected system does. */
const report = async (
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  body: unknown,
  options: Parameters<typeof signedReport>[2] = {},
) => app.request(path, await signedReport(path, body, options));
const at = new Date(NOW);

describe('POST /api/privacy-requests/:id/systems/:system', () => {
  it('stores a signed report with its event, and answers {received: true}', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const res = await report(
      app,
      url(request.id),
      { status: 'done', data: [{ plan: 'pro' }], message: 'Found one account.' },
      { at },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    const [stored] = await deps.records.requests.systemReports(request.id);
    expect(stored).toMatchObject({ system: 'crm', status: 'done', data: [{ plan: 'pro' }] });
    const events = await deps.records.requests.events(request.id);
    expect(events.filter((e) => e.actor === 'system:crm').map((e) => e.kind)).toEqual(['system_report', 'note']);
  });

  it('keeps data only for access and portability', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps, { type: 'erase' });
    await report(app, url(request.id), { status: 'done', data: { secret: 1 } }, { at });
    expect((await deps.records.requests.systemReports(request.id))[0]?.data).toBeNull();
  });

  it('the last subscribed system’s report moves a waiting request to in progress', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    await waitForSystems(requestDeps, request.id, 'officer');
    await report(app, url(request.id, 'crm'), { status: 'failed' }, { system: 'crm', at });
    expect((await deps.records.requests.byId(request.id))?.status).toBe('awaiting_systems');
    await report(app, url(request.id, 'esp'), { status: 'not_found' }, { system: 'esp', at });
    expect((await deps.records.requests.byId(request.id))?.status).toBe('in_progress');
  });

  const stale = new Date(NOW - 301_000);
  it.each([
    ['no signature', async () => ({ method: 'POST', body: '{"status":"done"}' })],
    [
      'a signature with the wrong secret',
      (path) => signedReport(path, { status: 'done' }, { secret: 'not-the-secret', at }),
    ],
    ['another system’s secret', (path) => signedReport(path, { status: 'done' }, { system: 'esp', at })],
    ['a timestamp over 5 minutes old (a replay)', (path) => signedReport(path, { status: 'done' }, { at: stale })],
    [
      'a timestamp over 5 minutes ahead',
      (path) => signedReport(path, { status: 'done' }, { at: new Date(NOW + 301_000) }),
    ],
    [
      'a v1 signature, which covers the body only',
      async () => {
        const body = '{"status":"done"}';
        const signature = await signWebhook(SECRETS.get('crm') ?? '', body, Math.floor(NOW / 1000));
        return { method: 'POST', body, headers: { 'content-type': 'application/json', 'candor-signature': signature } };
      },
    ],
  ] satisfies [string, (path: string) => Promise<RequestInit>][])(
    'refuses %s with 401, before looking at the request',
    async (_, init) => {
      const { app, deps, requestDeps } = setup();
      const request = await seedRequest(requestDeps);
      for (const id of [request.id, 'no-such-request']) {
        const res = await app.request(url(id), await init(url(id)));
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await deps.records.requests.systemReports(request.id)).toEqual([]);
    },
  );

  it('a tampered body fails the signature', async () => {
    const { app, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const init = await signedReport(url(request.id), { status: 'done' }, { at });
    const res = await app.request(url(request.id), { ...init, body: '{"status":"not_found"}' });
    expect(res.status).toBe(401);
  });

  describe('a signature is bound to its request and used once', () => {
    const victimsRecords = { status: 'done', data: [{ email: 'victim@example.com', plan: 'pro' }] };

    it('a report signed for request A, posted to request B’s URL, is refused with 401 and B gets nothing', async () => {
      const { app, deps, requestDeps } = setup();
      const a = await seedRequest(requestDeps);
      const b = await seedRequest(requestDeps, { email: 'attacker@example.com' });
      const captured = await signedReport(url(a.id), victimsRecords, { at });
      // Before and after the genuine call reaches A: the path, not only the replay cache, refuses it.
      expect((await app.request(url(b.id), captured)).status).toBe(401);
      expect((await app.request(url(a.id), captured)).status).toBe(200);
      expect((await app.request(url(b.id), captured)).status).toBe(401);
      expect(await deps.records.requests.systemReports(b.id)).toEqual([]);
      expect((await deps.records.requests.systemReports(a.id))[0]?.data).toEqual(victimsRecords.data);
    });

    it('a report signed for one system’s URL is refused on another system’s URL of the same request', async () => {
      const { app, deps, requestDeps } = setup();
      const request = await seedRequest(requestDeps);
      const forEsp = await signedReport(url(request.id, 'esp'), { status: 'done' }, { system: 'esp', at });
      expect((await app.request(url(request.id, 'crm'), forEsp)).status).toBe(401);
      expect(await deps.records.requests.systemReports(request.id)).toEqual([]);
    });

    it('the identical call replayed within the tolerance is refused with 401; a freshly signed one is accepted', async () => {
      let nowMs = NOW;
      const { app, deps, requestDeps } = setup(() => nowMs);
      const request = await seedRequest(requestDeps);
      const genuine = await signedReport(url(request.id), { status: 'done', data: [{ plan: 'pro' }] }, { at });
      expect((await app.request(url(request.id), genuine)).status).toBe(200);
      for (const later of [0, 299_000]) {
        nowMs = NOW + later;
        const replay = await app.request(url(request.id), genuine);
        expect(replay.status).toBe(401);
        expect((await replay.json()).detail).toMatch(/used already/);
      }
      expect((await deps.records.requests.systemReports(request.id))[0]?.status).toBe('done');
      // The system's own retry, signed afresh, replaces the report as before.
      const retry = await report(app, url(request.id), { status: 'not_found' }, { at: new Date(nowMs) });
      expect(retry.status).toBe(200);
      expect((await deps.records.requests.systemReports(request.id))[0]?.status).toBe('not_found');
    });

    it('of two identical calls racing each other, exactly one is accepted', async () => {
      const { app, requestDeps } = setup();
      const request = await seedRequest(requestDeps);
      const init = await signedReport(url(request.id), { status: 'done' }, { at });
      const statuses = await Promise.all([app.request(url(request.id), init), app.request(url(request.id), init)]);
      expect(statuses.map((r) => r.status).sort()).toEqual([200, 401]);
    });
  });

  it.each([
    ['an unknown system', 'nobody', 'nobody-secret'],
    ['a webhook that is not told of privacy requests', 'shop', SECRETS.get('shop')],
  ])('refuses %s with 401', async (_, system, secret) => {
    const { app, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const res = await report(app, url(request.id, system), { status: 'done' }, { secret, at });
    expect(res.status).toBe(401);
  });

  it('a well-signed report of an unknown request is 404', async () => {
    const { app } = setup();
    expect((await report(app, url('no-such-request'), { status: 'done' }, { at })).status).toBe(404);
  });

  it('a closed or unconfirmed request expects no reports: 409', async () => {
    const { app, deps, requestDeps } = setup();
    const closed = await seedRequest(requestDeps, { type: 'restrict' });
    await completeRequest(requestDeps, closed.id, 'officer');
    const unconfirmed = await seedRequest(requestDeps, { unverified: true });
    for (const request of [closed, unconfirmed]) {
      const res = await report(app, url(request.id), { status: 'done' }, { at });
      expect(res.status).toBe(409);
      expect(await deps.records.requests.systemReports(request.id)).toEqual([]);
    }
  });

  it.each([
    ['not JSON', 'status=done', 400],
    ['an unknown status', { status: 'pending' }, 400],
    ['data that is not an object or array', { status: 'done', data: 'text' }, 400],
    ['an unknown field', { status: 'done', email: 'x@example.com' }, 400],
  ])('refuses %s with 400', async (_, body, status) => {
    const { app, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    expect((await report(app, url(request.id), body, { at })).status).toBe(status);
  });
});

describe('the 1 MB body limit of the route itself', () => {
  // The app-wide 64 KB limit must exempt SYSTEM_CALLBACK_PATH; this app has only the route.
  function bare() {
    const t = setup();
    const app = new Hono<AppEnv>();
    registerSystemCallbackRoutes(app, { ...t.requestDeps, webhookSecrets: SECRETS });
    app.onError(handleError(createLogger('error', { write: () => {} })));
    return { app, requestDeps: t.requestDeps };
  }

  it('accepts data of several hundred KB and refuses a body over 1 MB with 413', async () => {
    const { app, requestDeps } = bare();
    const request = await seedRequest(requestDeps);
    const big = { status: 'done', data: { blob: 'x'.repeat(600 * 1024) } };
    expect((await report(app, url(request.id), big, { at })).status).toBe(200);
    const huge = JSON.stringify({ status: 'done', data: { blob: 'x'.repeat(SYSTEM_CALLBACK_BODY_LIMIT) } });
    expect((await report(app, url(request.id), huge, { at })).status).toBe(413);
  });

  it('the app lets a report over its 64 KB default through to the route', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const big = { status: 'done', data: { blob: 'x'.repeat(200 * 1024) } };
    expect((await report(app, url(request.id), big, { at })).status).toBe(200);
    expect((await deps.records.requests.systemReports(request.id))[0]?.status).toBe('done');
  });

  it('a replay cache with no room left answers 503 with Retry-After rather than forget a signature early', async () => {
    const t = setup();
    const app = new Hono<AppEnv>();
    const replays = createReplayCache({ maxEntries: 1 });
    registerSystemCallbackRoutes(app, { ...t.requestDeps, webhookSecrets: SECRETS, replays });
    app.onError(handleError(createLogger('error', { write: () => {} })));
    const request = await seedRequest(t.requestDeps);
    expect((await report(app, url(request.id), { status: 'done' }, { at })).status).toBe(200);
    const full = await report(app, url(request.id), { status: 'failed' }, { at });
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('60');
    expect((await t.deps.records.requests.systemReports(request.id))[0]?.status).toBe('done');
  });

  it('SYSTEM_CALLBACK_PATH matches the route and nothing else', () => {
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests/abc/systems/crm')).toBe(true);
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests')).toBe(false);
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests/abc/systems/crm/x')).toBe(false);
  });
});
