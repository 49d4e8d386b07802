import { describe, expect, it } from 'vitest';
import type { SiteAssets } from './site/assets.ts';
import { testApp } from './testing.ts';

const failingStore = {
  async ping() {
    throw new Error('disk I/O error');
  },
};

describe('errors are problem+json', () => {
  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['DELETE', '/api/stats/summary'],
  ])('%s %s → 404 problem with the request id', async (method, path) => {
    const { app } = testApp();
    const res = await app.request(path, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await res.json();
    expect(body).toEqual({
      type: 'urn:candor:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: expect.any(String),
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('refuses a body over the limit with 413 before any route sees it', async () => {
    const { app } = testApp();
    const res = await app.request('/api/anything', {
      method: 'POST',
      body: 'x'.repeat(64 * 1024 + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).type).toBe('urn:candor:problem:payload_too_large');
  });

  it('a 500 never leaks the internal message, and logs it', async () => {
    const site: SiteAssets = {
      get() {
        throw new Error('EACCES /srv/secret/path');
      },
      notFound: undefined,
    };
    const { app, logs } = testApp({ site });
    const res = await app.request('/');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('EACCES');
    expect(text).not.toContain('/srv/secret');
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal server error' });
    expect(logs()).toContain('EACCES /srv/secret/path');
  });

  it('/readyz answers 503 naming the store that fails', async () => {
    const { app, deps } = testApp();
    const { app: broken } = testApp({ records: { ...deps.records, ...failingStore } });
    expect((await app.request('/readyz')).status).toBe(200);
    const res = await broken.request('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).detail).toBe('Not ready: records: unavailable');
  });

  it.each(['a b', 'x'.repeat(65), '<script>', 'id;set-cookie=a'])('replaces a malformed request id %j', async (id) => {
    const { app } = testApp();
    const res = await app.request('/healthz', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).not.toBe(id);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
