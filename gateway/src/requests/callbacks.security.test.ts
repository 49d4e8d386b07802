import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import { handleError } from '../errors.ts';
import { createLogger } from '../log/logger.ts';
import { testAdmin, testApp } from '../testing.ts';
import { registerSystemCallbackRoutes, SYSTEM_CALLBACK_BODY_LIMIT, SYSTEM_CALLBACK_PATH } from './callbacks.ts';
import { SECRETS, seedRequest, signedReport, systemsConfig, T0, testUnsubscribe } from './workflow.fixtures.ts';
import { completeRequest, waitForSystems } from './workflow.ts';

const NOW = T0.getTime() + 60_000;

function setup() {
  const t = testApp({ config: systemsConfig, webhookSecrets: SECRETS, admin: testAdmin({ now: () => NOW }) });
  const unsubscribe = testUnsubscribe(systemsConfig, t.deps.records, () => NOW);
  const deps = { config: systemsConfig, records: t.deps.records, unsubscribe, now: () => NOW };
  return { ...t, requestDeps: deps };
}

const url = (id: string, system = 'crm') => `/api/privacy-requests/${id}/systems/${system}`;
const at = new Date(NOW);

describe('POST /api/privacy-requests/:id/systems/:system', () => {
  it('stores a signed report with its event, and answers {received: true}', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const res = await app.request(
      url(request.id),
      await signedReport({ status: 'done', data: [{ plan: 'pro' }], message: 'Found one account.' }, { at }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    const [report] = await deps.records.requests.systemReports(request.id);
    expect(report).toMatchObject({ system: 'crm', status: 'done', data: [{ plan: 'pro' }] });
    const events = await deps.records.requests.events(request.id);
    expect(events.filter((e) => e.actor === 'system:crm').map((e) => e.kind)).toEqual(['system_report', 'note']);
  });

  it('keeps data only for access and portability', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps, { type: 'erase' });
    await app.request(url(request.id), await signedReport({ status: 'done', data: { secret: 1 } }, { at }));
    expect((await deps.records.requests.systemReports(request.id))[0]?.data).toBeNull();
  });

  it('the last subscribed system’s report moves a waiting request to in progress', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    await waitForSystems(requestDeps, request.id, 'officer');
    await app.request(url(request.id, 'crm'), await signedReport({ status: 'failed' }, { system: 'crm', at }));
    expect((await deps.records.requests.byId(request.id))?.status).toBe('awaiting_systems');
    await app.request(url(request.id, 'esp'), await signedReport({ status: 'not_found' }, { system: 'esp', at }));
    expect((await deps.records.requests.byId(request.id))?.status).toBe('in_progress');
  });

  const stale = new Date(NOW - 301_000);
  it.each([
    ['no signature', async () => ({ method: 'POST', body: '{"status":"done"}' })],
    ['a signature with the wrong secret', () => signedReport({ status: 'done' }, { secret: 'not-the-secret', at })],
    ['another system’s secret', () => signedReport({ status: 'done' }, { system: 'esp', at })],
    ['a timestamp over 5 minutes old (a replay)', () => signedReport({ status: 'done' }, { at: stale })],
    ['a timestamp over 5 minutes ahead', () => signedReport({ status: 'done' }, { at: new Date(NOW + 301_000) })],
  ] satisfies [string, () => Promise<RequestInit>][])(
    'refuses %s with 401, before looking at the request',
    async (_, init) => {
      const { app, deps, requestDeps } = setup();
      const request = await seedRequest(requestDeps);
      for (const id of [request.id, 'no-such-request']) {
        const res = await app.request(url(id), await init());
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await deps.records.requests.systemReports(request.id)).toEqual([]);
    },
  );

  it('a tampered body fails the signature', async () => {
    const { app, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const init = await signedReport({ status: 'done' }, { at });
    const res = await app.request(url(request.id), { ...init, body: '{"status":"not_found"}' });
    expect(res.status).toBe(401);
  });

  it.each([
    ['an unknown system', 'nobody', 'nobody-secret'],
    ['a webhook that is not told of privacy requests', 'shop', SECRETS.get('shop')],
  ])('refuses %s with 401', async (_, system, secret) => {
    const { app, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const res = await app.request(url(request.id, system), await signedReport({ status: 'done' }, { secret, at }));
    expect(res.status).toBe(401);
  });

  it('a well-signed report of an unknown request is 404', async () => {
    const { app } = setup();
    expect((await app.request(url('no-such-request'), await signedReport({ status: 'done' }, { at }))).status).toBe(
      404,
    );
  });

  it('a closed or unconfirmed request expects no reports: 409', async () => {
    const { app, deps, requestDeps } = setup();
    const closed = await seedRequest(requestDeps, { type: 'restrict' });
    await completeRequest(requestDeps, closed.id, 'officer');
    const unconfirmed = await seedRequest(requestDeps, { unverified: true });
    for (const request of [closed, unconfirmed]) {
      const res = await app.request(url(request.id), await signedReport({ status: 'done' }, { at }));
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
    expect((await app.request(url(request.id), await signedReport(body, { at }))).status).toBe(status);
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
    expect((await app.request(url(request.id), await signedReport(big, { at }))).status).toBe(200);
    const huge = JSON.stringify({ status: 'done', data: { blob: 'x'.repeat(SYSTEM_CALLBACK_BODY_LIMIT) } });
    expect((await app.request(url(request.id), await signedReport(huge, { at }))).status).toBe(413);
  });

  it('the app lets a report over its 64 KB default through to the route', async () => {
    const { app, deps, requestDeps } = setup();
    const request = await seedRequest(requestDeps);
    const big = { status: 'done', data: { blob: 'x'.repeat(200 * 1024) } };
    expect((await app.request(url(request.id), await signedReport(big, { at }))).status).toBe(200);
    expect((await deps.records.requests.systemReports(request.id))[0]?.status).toBe('done');
  });

  it('SYSTEM_CALLBACK_PATH matches the route and nothing else', () => {
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests/abc/systems/crm')).toBe(true);
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests')).toBe(false);
    expect(SYSTEM_CALLBACK_PATH.test('/api/privacy-requests/abc/systems/crm/x')).toBe(false);
  });
});
