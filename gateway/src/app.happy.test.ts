import { describe, expect, it } from 'vitest';
import { testApp } from './testing.ts';

describe('gateway core', () => {
  it('GET /healthz answers ok with a request id', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /readyz reports both stores ready', async () => {
    const { app } = testApp();
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { records: 'ok', events: 'ok' } });
  });

  it('keeps a well-formed incoming request id', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz', { headers: { 'x-request-id': 'lb-7f3a9' } });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a9');
  });

  it.each(['/', '/index.html', '/features', '/features/', '/features/index.html'])(
    'serves the site page %s',
    async (path) => {
      const { app } = testApp();
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('etag')).toMatch(/^".+"$/);
    },
  );

  it('marks hashed build assets immutable and other files short-lived', async () => {
    const { app } = testApp();
    const css = await app.request('/_astro/app.3f9a1c.css');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const { app } = testApp();
    const first = await app.request('/features');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.request('/features', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('HEAD answers like GET without a body', async () => {
    const { app } = testApp();
    const res = await app.request('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('');
  });

  it('answers unknown pages with the site 404 page and status 404', async () => {
    const { app } = testApp();
    for (const path of ['/nope', '/features/nope', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('Page not found');
      expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
