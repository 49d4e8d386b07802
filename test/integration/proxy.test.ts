import { createHash, randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyConfig } from '../fixtures/any-site/config.ts';
import { LEGACY_FILES, type LegacySite, PRODUCTS_JSON, startLegacySite } from '../fixtures/legacy-site/server.ts';
import { type CompanyGateway, startCompanyGateway } from '../support/two-origins.ts';

// The edge proxy on the built gateway: a legacy site that no one retagged on its own port as the
// upstream, and the gateway in front of it on 127.0.0.1 (the site's configured hostname).
const RESPONSE_TIMEOUT_MS = 1500;
const SESSION_KEY = `cdr_${'Zx9'.repeat(13)}a`;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with Node's client as it is: no decompression, no redirect following, any request target. */
function raw(
  base: string,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
) {
  const url = new URL(base);
  return new Promise<Raw>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: target,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the edge proxy in front of a legacy site', () => {
  let site: LegacySite;
  let company: CompanyGateway;
  let gateway: string;
  // Stands for any other host: the gateway must never be made to fetch from it.
  let evil: Server;
  let evilHits = 0;
  let evilOrigin: string;

  beforeAll(async () => {
    site = await startLegacySite();
    evil = createServer((_, res) => {
      evilHits += 1;
      res.end('evil');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilOrigin = `127.0.0.1:${(evil.address() as AddressInfo).port}`;
    const company_ = {
      name: 'Northwind Outdoor',
      legalName: 'Northwind Outdoor GmbH',
      address: 'Seestraße 4, 82319 Starnberg, Germany',
      privacyContact: 'privacy@northwind.example',
      website: 'https://northwind.example',
    };
    company = await startCompanyGateway('candor-proxy-', (publicUrl) =>
      companyConfig(company_, { id: 'northwind', name: 'Northwind Outdoor' }, publicUrl, {
        sites: [{ id: 'northwind', name: 'Northwind Outdoor', hostnames: ['127.0.0.1'], upstream: site.url }],
        proxy: { connectTimeoutMs: 1000, responseTimeoutMs: RESPONSE_TIMEOUT_MS },
      }),
    );
    gateway = company.gw.url;
  }, 30_000);

  afterAll(async () => {
    await company?.stop();
    await site?.close();
    await new Promise((resolve) => evil?.close(resolve));
  });

  it('passes the JSON endpoint through byte for byte', async () => {
    const res = await raw(gateway, '/wp-json/shop/v1/products');
    expect(res.status).toBe(200);
    expect(res.body.equals(PRODUCTS_JSON)).toBe(true);
    expect(res.headers['content-length']).toBe(String(PRODUCTS_JSON.length));
  });

  it.each([
    ['/assets/site.css', LEGACY_FILES.css],
    ['/assets/site.js', LEGACY_FILES.js],
    ['/assets/logo.png', LEGACY_FILES.logo],
  ])('passes %s through byte for byte with its caching headers', async (path, bytes) => {
    const res = await raw(gateway, path, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.body.equals(bytes)).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['last-modified']).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
  });

  it('keeps a redirect on the public origin and follows none itself', async () => {
    const res = await raw(gateway, '/old-catalogue');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${gateway}/catalogue?season=winter`);
  });

  it("hands every Set-Cookie on, and the site's 404 stays a 404", async () => {
    const login = await raw(gateway, '/login');
    expect(login.headers['set-cookie']).toEqual([
      'wp_session=abc123; Path=/; HttpOnly',
      'cart=empty; Path=/; Max-Age=3600',
    ]);
    const missing = await raw(gateway, '/no-such-trail');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('We could not find that trail');
  });

  it.each([
    ['/', 'identity', (b: Buffer) => b],
    ['/about/', 'gzip', gunzipSync],
    ['/contact/', 'br', brotliDecompressSync],
  ] as const)(
    'rewrites the HTML of %s (%s): Candor first in <head>, the GA4 tag gated',
    async (path, coding, decode) => {
      const res = await raw(gateway, path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'] ?? 'identity').toBe(coding);
      if (res.headers['content-length'] !== undefined)
        expect(res.headers['content-length']).toBe(String(res.body.length));
      if (res.headers.etag !== undefined) expect(res.headers.etag).toMatch(/^W\//);
      const html = decode(res.body).toString('utf8');
      const head = html.indexOf('<head>');
      const defaults = html.indexOf("gtag('consent','default'");
      const loader = html.indexOf('<script src="/candor.js" data-site="northwind" defer></script>');
      expect(head).toBeGreaterThan(0);
      expect(defaults).toBeGreaterThan(head);
      expect(loader).toBeGreaterThan(defaults);
      expect(loader).toBeLessThan(html.indexOf('googletagmanager.com/gtag/js'));
      // The config names GA4's origins: its tag arrives in the gated form the banner activates.
      expect(html).toMatch(
        /<script[^>]*type="text\/plain"[^>]*googletagmanager|googletagmanager[^>]*type="text\/plain"/,
      );
      expect(html).toContain('</html>');
      if (path === '/about/') expect(html).toContain('Straße, café, naïve');
    },
  );

  it('streams a large upload to the upstream intact', async () => {
    const upload = randomBytes(5 * 1024 * 1024);
    const res = await raw(gateway, '/upload', {
      method: 'POST',
      body: upload,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(upload.length) },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      length: upload.length,
      sha256: createHash('sha256').update(upload).digest('hex'),
    });
  });

  it("sends the upstream its own Host and X-Forwarded-*, and none of Candor's credentials", async () => {
    const res = await raw(gateway, '/echo', {
      headers: {
        cookie: 'theme=dark; candor_session=staff-session-id',
        authorization: `Bearer ${SESSION_KEY}`,
        'x-forwarded-for': '6.6.6.6',
        connection: 'x-hop',
        'x-hop': 'secret',
      },
    });
    const seen = JSON.parse(res.body.toString()) as Record<string, string>;
    expect(seen.host).toBe(new URL(site.url).host);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(new URL(gateway).host);
    expect(seen.cookie).toBe('theme=dark');
    expect(seen.authorization).toBeUndefined();
    expect(seen['x-hop']).toBeUndefined();
  });

  it('cannot be made an open proxy by the request target, the path or the Host', async () => {
    const before = site.requests.length;
    const attempts = [
      raw(gateway, `http://${evilOrigin}/`),
      raw(gateway, 'http://evil.example/'),
      raw(gateway, `//${evilOrigin}/x`),
      raw(gateway, `/@${evilOrigin}/x`),
      raw(gateway, '/x', { headers: { host: evilOrigin } }),
      raw(gateway, '/x', { headers: { 'x-forwarded-host': evilOrigin } }),
    ];
    const answers = await Promise.all(attempts);
    expect(evilHits).toBe(0);
    for (const answer of answers) expect(answer.body.toString()).not.toBe('evil');
    // What went upstream went to the configured upstream, with a path on it.
    for (const r of site.requests.slice(before)) {
      expect(r.host).toBe(new URL(site.url).host);
      expect(r.path.startsWith('/')).toBe(true);
    }
  });

  it('answers its own routes itself: /privacy, /api/banner, /candor.js', async () => {
    const before = site.requests.length;
    const privacy = await raw(gateway, '/privacy');
    expect(privacy.status).toBe(200);
    expect(privacy.body.toString()).toContain('Northwind Outdoor');
    const banner = await raw(gateway, '/api/banner?site=northwind&locale=en');
    expect(banner.status).toBe(200);
    expect(JSON.parse(banner.body.toString())).toHaveProperty('configHash');
    expect((await raw(gateway, '/candor.js')).status).toBe(200);
    expect(site.requests.slice(before)).toEqual([]);
  });

  it('answers a stalled upstream with a 504 page within the timeout', async () => {
    const start = performance.now();
    const res = await raw(gateway, '/stall');
    const ms = performance.now() - start;
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toContain('text/html');
    expect(ms).toBeGreaterThanOrEqual(RESPONSE_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(RESPONSE_TIMEOUT_MS + 1500);
    expect(res.body.toString()).not.toContain(String(site.port));
  });

  // Last: it stops the upstream.
  it('answers with a 502 page once the upstream is down', async () => {
    await site.close();
    const res = await raw(gateway, '/');
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body.toString()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    // The gateway itself keeps answering.
    expect((await raw(gateway, '/healthz')).status).toBe(200);
  });
});
