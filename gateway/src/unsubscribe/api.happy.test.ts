import { verifyUnsubscribeToken } from '@candor/mail-links';
import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { apiKey, EMAIL, oneClickUrlencoded, tokenFor } from './fixtures.ts';

const json = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('POST /api/unsubscribe-links', () => {
  it('answers the URL and the RFC 8058 headers, for a token that opens the page', async () => {
    const { app, deps } = testApp();
    const auth = await apiKey(deps, ['unsubscribe:write']);
    const res = await app.request(
      '/api/unsubscribe-links',
      json({ email: ' Ann.Example@Example.com ', list: 'newsletter' }, auth),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { url: string; headers: Record<string, string> };
    expect(body.url).toMatch(/^http:\/\/localhost:8080\/u\/[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    expect(body.headers).toEqual({
      'List-Unsubscribe': `<${body.url}>, <mailto:unsubscribe@tidewater.example?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(body.url).not.toContain('ann');
    const token = body.url.split('/u/')[1] as string;
    const verified = await verifyUnsubscribeToken(deps.links.keyring, token);
    expect(verified.ok && verified.claims).toMatchObject({ email: EMAIL, list: 'newsletter' });
    expect((await app.request(`/u/${token}`)).status).toBe(200);
  });

  it('takes a batch and names the bad item', async () => {
    const { app, deps } = testApp();
    const auth = await apiKey(deps, ['unsubscribe:write']);
    const ok = await app.request(
      '/api/unsubscribe-links',
      json(
        {
          links: [
            { email: 'a@example.com', list: 'newsletter' },
            { email: 'b@example.com', list: 'product-updates' },
          ],
        },
        auth,
      ),
    );
    expect(((await ok.json()) as { results: unknown[] }).results).toHaveLength(2);
    const bad = await app.request(
      '/api/unsubscribe-links',
      json(
        {
          links: [
            { email: 'a@example.com', list: 'newsletter' },
            { email: 'b@example.com', list: 'nope' },
          ],
        },
        auth,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as { detail: string }).detail).toBe(
      'links.1.list: "nope" is not a mailing list of this config',
    );
  });

  it.each([
    [{ email: 'not an email', list: 'newsletter' }, 'email: is not a valid email address'],
    [{ email: 'a@example.com' }, 'list'],
    [{ email: 'a@example.com', list: 'newsletter', name: 'Ann' }, 'unknown field(s) name'],
    [{ links: [] }, 'links'],
  ])('refuses %j with a 400 problem', async (body, detail) => {
    const { app, deps } = testApp();
    const res = await app.request('/api/unsubscribe-links', json(body, await apiKey(deps, ['unsubscribe:write'])));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain(detail);
  });

  it('needs an API key with unsubscribe:write', async () => {
    const { app, deps } = testApp();
    const body = { email: 'a@example.com', list: 'newsletter' };
    expect((await app.request('/api/unsubscribe-links', json(body, {}))).status).toBe(401);
    const reader = await apiKey(deps, ['suppressions:read', 'stats:read']);
    expect((await app.request('/api/unsubscribe-links', json(body, reader))).status).toBe(403);
  });
});

describe('the suppression API', () => {
  it('adds, checks and pages through the change feed with a cursor', async () => {
    const { app, deps } = testApp();
    const writer = await apiKey(deps, ['unsubscribe:write']);
    const reader = await apiKey(deps, ['suppressions:read']);
    const add = (email: string, list: string) => app.request('/api/suppressions', json({ email, list }, writer));
    expect((await add('b@example.com', '*')).status).toBe(201);
    expect((await add('B@example.com', '*')).status).toBe(200);
    expect((await add('c@example.com', 'product-updates')).status).toBe(201);
    await app.request(`/u/${await tokenFor(deps)}`, oneClickUrlencoded());

    const check = await app.request(
      '/api/suppressions/check',
      json({ emails: ['b@example.com', 'c@example.com', EMAIL, 'new@example.com'] }, reader),
    );
    expect(check.status).toBe(200);
    expect(((await check.json()) as { results: unknown[] }).results).toEqual([
      { email: 'b@example.com', suppressed: true, lists: ['newsletter', 'product-updates'], all_lists: true },
      { email: 'c@example.com', suppressed: false, lists: ['product-updates'], all_lists: false },
      { email: EMAIL, suppressed: false, lists: ['newsletter'], all_lists: false },
      { email: 'new@example.com', suppressed: false, lists: [], all_lists: false },
    ]);

    const first = (await (await app.request('/api/suppressions?limit=2', { headers: reader })).json()) as {
      results: { cursor: number; list: string; change: string; email_hash: string; source: string }[];
      next: number;
      more: boolean;
    };
    expect(first.results.map((r) => [r.list, r.change, r.source])).toEqual([
      ['*', 'added', 'api'],
      ['product-updates', 'added', 'api'],
    ]);
    expect(first.more).toBe(true);
    expect(first.results[0]?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    const second = (await (await app.request(`/api/suppressions?since=${first.next}`, { headers: reader })).json()) as {
      results: { list: string; source: string }[];
      more: boolean;
    };
    expect(second.results.map((r) => [r.list, r.source])).toEqual([['newsletter', 'one-click']]);
    expect(second.more).toBe(false);
  });

  it.each([
    ['/api/suppressions?since=-1', 'since'],
    ['/api/suppressions?limit=5000', 'limit'],
    ['/api/suppressions?cursor=3', 'unknown parameter(s) cursor'],
  ])('refuses %s with a 400 problem', async (path, detail) => {
    const { app, deps } = testApp();
    const res = await app.request(path, { headers: await apiKey(deps, ['suppressions:read']) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain(detail);
  });

  it('checks need suppressions:read, and bad addresses are named', async () => {
    const { app, deps } = testApp();
    const writer = await apiKey(deps, ['unsubscribe:write']);
    expect((await app.request('/api/suppressions/check', json({ emails: ['a@example.com'] }, writer))).status).toBe(
      403,
    );
    expect((await app.request('/api/suppressions', { headers: writer })).status).toBe(403);
    const reader = await apiKey(deps, ['suppressions:read']);
    const bad = await app.request('/api/suppressions/check', json({ emails: ['a@example.com', 'nope'] }, reader));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe('emails.1: is not a valid email address');
  });
});
