import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { oneClickMultipart, oneClickUrlencoded, storeSnapshot, suppressedLists, tokenFor } from './fixtures.ts';

describe('RFC 8058 one-click unsubscribe', () => {
  it.each([
    ['urlencoded', oneClickUrlencoded],
    ['multipart/form-data', oneClickMultipart],
  ])('the exact one-click POST as %s answers 200 and suppresses the list', async (_, request) => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps, 'newsletter');
    const res = await app.request(`/u/${token}`, request());
    expect(res.status).toBe(200);
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
    expect((await storeSnapshot(deps)).changes.map((c) => [c.list, c.change, c.source])).toEqual([
      ['newsletter', 'added', 'one-click'],
    ]);
  });

  it('needs no cookie and no Origin header, and sets no cookie', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const res = await app.request(`/u/${token}`, oneClickUrlencoded());
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('works from a cross-site context: the token is the authority, not CSRF', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const init = oneClickUrlencoded();
    const res = await app.request(`/u/${token}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        origin: 'https://mail.example',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(res.status).toBe(200);
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
  });

  it('is idempotent: repeating it answers 200 and changes nothing more', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    await app.request(`/u/${token}`, oneClickUrlencoded());
    const first = await storeSnapshot(deps);
    const again = await app.request(`/u/${token}`, oneClickMultipart());
    expect(again.status).toBe(200);
    expect(await storeSnapshot(deps)).toEqual(first);
  });

  it('GET and HEAD change nothing, however often a link scanner fetches them', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const before = await storeSnapshot(deps);
    for (let i = 0; i < 5; i++) {
      const get = await app.request(`/u/${token}`);
      expect(get.status).toBe(200);
      expect(await get.text()).toContain('Unsubscribe from Newsletter');
      const head = await app.request(`/u/${token}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
    expect(await storeSnapshot(deps)).toEqual(before);
    expect(before.rows).toEqual([]);
  });

  it('GET and HEAD carry no-store, no-referrer and noindex', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    for (const method of ['GET', 'HEAD', 'POST']) {
      const res = await app.request(`/u/${token}`, method === 'POST' ? oneClickUrlencoded() : { method });
      expect(res.headers.get('cache-control'), method).toBe('no-store');
      expect(res.headers.get('referrer-policy'), method).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag'), method).toContain('noindex');
      expect(res.headers.get('content-security-policy'), method).toContain("default-src 'none'");
    }
  });

  it('never answers with a redirect anywhere under /u/', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const form = (fields: string) => ({
      method: 'POST',
      body: fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const requests: [string, RequestInit][] = [
      [`/u/${token}`, {}],
      [`/u/${token}`, { method: 'HEAD' }],
      [`/u/${token}`, oneClickUrlencoded()],
      [`/u/${token}`, oneClickMultipart()],
      [`/u/${token}`, form('action=list')],
      [`/u/${token}`, form('action=all')],
      [`/u/${token}`, form('action=preferences&subscribed=newsletter')],
      [`/u/${token}`, form('action=restore')],
      [`/u/${token}`, form('action=nonsense')],
      [`/u/${token}`, form('')],
      [`/u/${token.slice(0, -3)}`, {}],
      [`/u/${token.slice(0, -3)}`, oneClickUrlencoded()],
      ['/u/', {}],
      ['/u/x/y', {}],
    ];
    for (const [path, init] of requests) {
      const res = await app.request(path, init);
      expect(res.status < 300 || res.status >= 400, `${init.method ?? 'GET'} ${path} ${res.status}`).toBe(true);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});
