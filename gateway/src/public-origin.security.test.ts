import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../candor.config.ts';
import { form, signedIn } from './admin/fixtures.ts';
import { publicOriginProblem, servedHostnames } from './public-origin.ts';
import { queuedMail, submitJson, tokenIn, webhookConfig } from './requests/routes.fixtures.ts';
import { testApp } from './testing.ts';

// Item 1 of the security review: no link, mail URL or callback URL is ever derived from a request
// header. Each test sends the attacker's headers and checks where the link points.
const EVIL = 'evil.example';
const HOSTILE = { 'x-forwarded-host': EVIL, 'x-forwarded-proto': 'https' };
// The configs of a deployment that left publicUrl unset: links fall back to the company website.
const website = new URL(demo.company.website);
const noPublicUrl = parseConfig({ ...demo, publicUrl: undefined }, 'test');
const withSystems = parseConfig({ ...webhookConfig, publicUrl: undefined }, 'test');

describe('links and callbacks are built on the configured origin, never on a header', () => {
  it('the verification mail links to company.website when publicUrl is unset, whatever X-Forwarded-Host says', async () => {
    const { app, deps } = testApp({ config: noPublicUrl, trustProxy: true });
    const res = await submitJson(app, { type: 'access', email: 'victim@example.com' }, HOSTILE);
    expect(res.status).toBe(202);
    const [mail] = await queuedMail(deps);
    expect(mail?.text).toContain(`${website.origin}/privacy-requests/verify/`);
    expect(mail?.text).not.toContain(EVIL);
  });

  it('the connected systems get a callback_url on the configured origin', async () => {
    const { app, deps } = testApp({ config: withSystems, trustProxy: true });
    await submitJson(app, { type: 'erase', email: 'victim@example.com' }, HOSTILE);
    const token = tokenIn((await queuedMail(deps)).at(-1));
    const verified = await app.request(`/privacy-requests/verify/${token}`, { method: 'POST', headers: HOSTILE });
    expect(verified.status).toBe(200);
    const messages = await deps.records.outbox.list({ limit: 10 });
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      const callback = String((message.data as { callback_url?: unknown }).callback_url);
      expect(new URL(callback).origin).toBe(website.origin);
    }
  });

  it('an unsubscribe link minted through the API points at the configured origin', async () => {
    const { app, deps } = testApp({ config: noPublicUrl, trustProxy: true });
    const { createApiKey } = await import('./admin/accounts.ts');
    const { accountDeps } = await import('./admin/fixtures.ts');
    const { key } = await createApiKey(accountDeps(deps), { name: 'sender', scopes: ['unsubscribe:write'] }, 'cli');
    const res = await app.request('/api/unsubscribe-links', {
      method: 'POST',
      headers: { ...HOSTILE, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'victim@example.com', list: 'newsletter' }),
    });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(new URL(url).origin).toBe(website.origin);
  });

  it('an admin form posted from the attacker origin is refused, even when X-Forwarded-Host names it', async () => {
    const { app, deps } = testApp({ trustProxy: true });
    const session = await signedIn(app, deps, 'admin');
    const res = await app.request(
      '/admin/users',
      form(
        { _csrf: session.csrf, email: 'new@example.test', role: 'admin', password: 'a long enough password' },
        { ...session.headers, ...HOSTILE, origin: `https://${EVIL}` },
      ),
    );
    expect(res.status).toBe(403);
    expect((await deps.records.users.list()).map((u) => u.email)).not.toContain('new@example.test');
  });
});

describe('a Host this gateway does not serve', () => {
  it.each([
    ['POST', '/api/privacy-requests'],
    ['GET', '/privacy-requests/verify/abc'],
    ['GET', '/admin/login'],
    ['GET', '/admin'],
    ['POST', '/api/unsubscribe-links'],
    ['GET', '/u/abc'],
  ])('%s %s answers 421 and sends nothing', async (method, path) => {
    const { app, deps } = testApp({ config: noPublicUrl });
    const res = await app.request(`http://${EVIL}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ type: 'access', email: 'victim@example.com' }) } : {}),
    });
    expect(res.status).toBe(421);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await queuedMail(deps)).toEqual([]);
  });

  it.each(['/healthz', '/'])('GET %s still answers (a load balancer probes by address)', async (path) => {
    const { app } = testApp();
    expect((await app.request(`http://10.0.0.5:8080${path}`)).status).toBe(200);
  });

  it('a configured hostname is served on any port, in any case', async () => {
    const { app } = testApp();
    expect((await app.request('http://LOCALHOST:4321/admin/login')).status).toBe(200);
    expect(servedHostnames(demo as never).has('127.0.0.1')).toBe(true);
  });
});

describe('publicOriginProblem (a production gateway refuses to start without a usable public origin)', () => {
  const site = { ...demo.sites[0], hostnames: ['www.tidewater.example'] };
  it.each([
    ['an https publicUrl', { publicUrl: 'https://privacy.tidewater.example' }, undefined],
    [
      'no publicUrl, the website served here',
      { publicUrl: undefined, company: { ...demo.company, website: 'https://www.tidewater.example' } },
      undefined,
    ],
    ['an http publicUrl', { publicUrl: 'http://privacy.tidewater.example' }, 'must be an https URL'],
    ['a loopback publicUrl', { publicUrl: 'https://localhost:8443' }, 'loopback'],
    [
      'no publicUrl, the website elsewhere',
      { publicUrl: undefined, company: { ...demo.company, website: 'https://tidewater.example' } },
      'set publicUrl',
    ],
  ])('%s', (_, overrides, problem) => {
    const config = parseConfig({ ...demo, sites: [site], ...overrides }, 'test');
    const found = publicOriginProblem(config);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
