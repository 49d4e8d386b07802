import { gunzipSync, gzipSync } from 'node:zlib';
import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { testApp } from '../testing.ts';
import { createNodeProxy } from './node.ts';
import { type ProxyDeps, UpstreamError, type UpstreamRequest, type UpstreamResponse } from './types.ts';

const config = parseConfig({
  ...demo,
  sites: [
    { id: 'shop', name: 'Shop', hostnames: ['www.shop.example'], upstream: 'http://origin.shop.example:8080' },
    ...demo.sites,
  ],
});
const codecs = createNodeProxy({ connectTimeoutMs: 1000, responseTimeoutMs: 1000 });

/** A proxy whose upstream is a function; it records every request it was sent. */
function fakeUpstream(answer: (request: UpstreamRequest) => Promise<UpstreamResponse> | UpstreamResponse) {
  const sent: UpstreamRequest[] = [];
  const proxy: ProxyDeps = {
    decoder: codecs.decoder,
    encoder: codecs.encoder,
    send: async (request) => {
      sent.push(request);
      return answer(request);
    },
  };
  const { app } = testApp({ config, proxy });
  return { app, sent };
}

const page = (body: BodyInit | null, headers: Record<string, string>, status = 200): UpstreamResponse => {
  const response = new Response(body, { status, headers });
  return { status, headers: response.headers, body: response.body };
};

describe('the edge proxy', () => {
  it('forwards a proxied host to its upstream, path and query kept, origin never changed', async () => {
    const { app, sent } = fakeUpstream(() => page('ok', { 'content-type': 'text/plain' }));
    const targets = ['/shop/item?id=7', '//evil.example/x', '/%2F%2Fevil.example/y', '/a/../@evil.example'];
    for (const path of targets) {
      const res = await app.request(`http://www.shop.example${path}`);
      expect(res.status).toBe(200);
    }
    expect(sent.map((r) => r.url.origin)).toEqual(Array(targets.length).fill('http://origin.shop.example:8080'));
    expect(sent[0]?.url.pathname + (sent[0]?.url.search ?? '')).toBe('/shop/item?id=7');
    expect(sent[1]?.url.pathname).toBe('//evil.example/x');
  });

  it('leaves hosts without an upstream as they were, and never forwards them', async () => {
    const { app, sent } = fakeUpstream(() => page('upstream', {}));
    const res = await app.request('http://localhost/features/');
    expect(await res.text()).toContain('Features');
    // An absolute-form target or Host no site names gets today's static site, not the upstream.
    expect(await (await app.request('http://evil.example/')).text()).toContain('Home');
    expect(sent).toHaveLength(0);
  });

  it.each(['/api/banner?site=shop&locale=en', '/api/nope', '/admin/login', '/_candor/old/x.js', '/u/a/b', '/healthz'])(
    '%s is answered by the gateway itself',
    async (path) => {
      const { app, sent } = fakeUpstream(() => page('upstream', {}));
      const res = await app.request(`http://www.shop.example${path}`);
      expect(await res.text()).not.toBe('upstream');
      expect(sent).toHaveLength(0);
    },
  );

  it("keeps the gateway's security headers on its own answers for a proxied host", async () => {
    const { app } = fakeUpstream(() => page('upstream', {}));
    const res = await app.request('http://www.shop.example/admin/login');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('passes non-HTML answers through byte for byte, status and headers included', async () => {
    const bytes = gzipSync(Buffer.from('{"a":1}'));
    const headers = new Headers({
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(bytes.length),
      etag: '"j1"',
      'cache-control': 'public, max-age=60',
    });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; Path=/; HttpOnly');
    const { app } = fakeUpstream(() => ({ status: 201, headers, body: new Response(bytes).body }));
    const res = await app.request('http://www.shop.example/data.json');
    expect(res.status).toBe(201);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get('etag')).toBe('"j1"');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
  });

  it("keeps the upstream's own security headers and adds none of the gateway's API policy", async () => {
    const { app } = fakeUpstream(() => page('x', { 'content-type': 'text/css', 'x-frame-options': 'SAMEORIGIN' }));
    const res = await app.request('http://www.shop.example/site.css');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.has('content-security-policy')).toBe(false);
    expect(res.headers.has('cross-origin-resource-policy')).toBe(false);
  });

  it('rewrites HTML: the head snippet first, Content-Length gone, the ETag weak, gzip kept', async () => {
    const html =
      '<!doctype html><html><head><title>Shop</title><script src="/app.js"></script></head><body>Hi</body></html>';
    const body = gzipSync(Buffer.from(html));
    const { app } = fakeUpstream(() =>
      page(body, {
        'content-type': 'text/html; charset=utf-8',
        'content-encoding': 'gzip',
        'content-length': String(body.length),
        etag: '"h1"',
      }),
    );
    const res = await app.request('http://www.shop.example/');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.has('content-length')).toBe(false);
    expect(res.headers.get('etag')).toBe('W/"h1"');
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
    const snippet = text.indexOf('<script src="/candor.js" data-site="shop" defer>');
    expect(text.indexOf("gtag('consent','default'")).toBeGreaterThan(text.indexOf('<head>'));
    expect(snippet).toBeGreaterThan(0);
    expect(snippet).toBeLessThan(text.indexOf('/app.js'));
    expect(text).toContain('<body>Hi</body>');
  });

  it('answers an HTML page in a coding it cannot rewrite with a 502, never ungated', async () => {
    const { app } = fakeUpstream(() =>
      page('(zstd bytes)', { 'content-type': 'text/html', 'content-encoding': 'zstd' }),
    );
    const res = await app.request('http://www.shop.example/');
    expect(res.status).toBe(502);
    expect(await res.text()).not.toContain('zstd');
  });

  it('rewrites a Location on the upstream to the public origin', async () => {
    const { app } = fakeUpstream(() => page(null, { location: 'http://origin.shop.example:8080/new?x=1' }, 302));
    const res = await app.request('http://www.shop.example/old');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://www.shop.example/new?x=1');
  });

  it.each([
    ['connect', 502],
    ['timeout', 504],
  ] as const)('a %s failure is a %i page that names nothing of the upstream', async (kind, status) => {
    const { app } = fakeUpstream(() => {
      throw new UpstreamError(kind, 'connect ECONNREFUSED origin.shop.example:8080');
    });
    const res = await app.request('http://www.shop.example/');
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).not.toMatch(/origin\.shop|ECONNREFUSED|8080/);
  });

  it('streams a POST body above the gateway-wide body limit to the upstream', async () => {
    const upload = new Uint8Array(300 * 1024).fill(65);
    const { app, sent } = fakeUpstream(async (request) => {
      const received = new Uint8Array(await new Response(request.body).arrayBuffer());
      return page(String(received.length), { 'content-type': 'text/plain' });
    });
    const res = await app.request('http://www.shop.example/upload', {
      method: 'POST',
      body: upload,
      headers: { 'content-length': String(upload.length), 'content-type': 'application/octet-stream' },
    });
    expect(await res.text()).toBe(String(upload.length));
    expect(sent[0]?.method).toBe('POST');
  });

  it('a HEAD keeps the status and headers without a body', async () => {
    const { app, sent } = fakeUpstream(() => page(null, { 'content-type': 'text/html', etag: '"h2"' }));
    const res = await app.request('http://www.shop.example/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"h2"');
    expect(res.body).toBeNull();
    expect(sent[0]?.method).toBe('HEAD');
  });
});

describe('the proxy config', () => {
  const withSite = (site: Record<string, unknown>) => () =>
    parseConfig({ ...demo, sites: [{ id: 'shop', name: 'Shop', hostnames: ['www.shop.example'], ...site }] });

  it('takes an http or https origin as upstream, with preserveHost off and the timeouts by default', () => {
    const parsed = withSite({ upstream: 'https://origin.shop.example' })();
    expect(parsed.sites[0]?.preserveHost).toBe(false);
    expect(parsed.proxy).toEqual({ connectTimeoutMs: 5000, responseTimeoutMs: 30000 });
  });

  it.each([
    'https://origin.shop.example/base',
    'https://origin.shop.example/?q',
    'ftp://origin.shop.example',
    'https://u:p@origin.shop.example',
  ])('refuses %s as upstream', (upstream) => {
    expect(withSite({ upstream })).toThrow(/sites\.0\.upstream/);
  });
});
