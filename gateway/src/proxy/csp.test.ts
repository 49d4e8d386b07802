import { createHash } from 'node:crypto';
import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { testApp } from '../testing.ts';
import { applyProxyCsp, type CandorSources, extendPolicies, extendPolicy, proxyCsp, strictPolicy } from './csp.ts';
import { consentDefaultsScript, headSnippet } from './html.ts';
import { createNodeProxy } from './node.ts';
import type { ProxyDeps, UpstreamResponse } from './types.ts';

const HASH = "'sha256-abc='";
const GA = 'https://www.googletagmanager.com';
const YT = 'https://www.youtube-nocookie.com';
const sources: CandorSources = { scriptHash: HASH, serviceOrigins: [GA, YT] };

/** The policy as a map of directive → its source list, to assert on one directive at a time. */
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(' ') as [string, ...string[]])
      .map(([n, ...v]) => [n, v]),
  );

describe('extending the upstream CSP (upstream mode)', () => {
  it("adds Candor's hash, 'self' and the service origins to script-src, keeping every source", () => {
    const out = directives(
      extendPolicy("default-src 'self'; script-src https://cdn.site.example 'nonce-r4nd'; img-src *", sources),
    );
    expect(out.get('script-src')).toEqual(['https://cdn.site.example', "'nonce-r4nd'", "'self'", HASH, GA, YT]);
    expect(out.get('default-src')).toEqual(["'self'"]);
    expect(out.get('img-src')).toEqual(['*', "'self'"]);
    // Falling back to default-src: written out as a copy, so only connect/style/frame are widened.
    expect(out.get('connect-src')).toEqual(["'self'"]);
    expect(out.get('frame-src')).toEqual(["'self'", GA, YT]);
  });

  it('with only default-src, writes script-src from it and leaves default-src as it was', () => {
    const policy = extendPolicy("default-src 'self' https://cdn.site.example; frame-ancestors 'self'", sources);
    const out = directives(policy);
    expect(out.get('default-src')).toEqual(["'self'", 'https://cdn.site.example']);
    expect(out.get('script-src')).toEqual(["'self'", 'https://cdn.site.example', HASH, GA, YT]);
    expect(out.get('style-src')).toEqual(["'self'", 'https://cdn.site.example']);
    expect(out.get('frame-ancestors')).toEqual(["'self'"]);
    expect(policy.startsWith("default-src 'self' https://cdn.site.example; frame-ancestors 'self'; ")).toBe(true);
  });

  it("replaces 'none' in a directive it extends, and only there", () => {
    const out = directives(extendPolicy("default-src 'none'; script-src 'none'; object-src 'none'", sources));
    expect(out.get('script-src')).toEqual(["'self'", HASH, GA, YT]);
    expect(out.get('connect-src')).toEqual(["'self'"]);
    expect(out.get('img-src')).toEqual(["'self'"]);
    expect(out.get('default-src')).toEqual(["'none'"]);
    expect(out.get('object-src')).toEqual(["'none'"]);
  });

  it('extends script-src-elem and style-src-elem where the upstream wrote them', () => {
    const out = directives(extendPolicy("script-src-elem https://a.example; style-src-elem 'none'", sources));
    expect(out.get('script-src-elem')).toEqual(['https://a.example', "'self'", HASH, GA, YT]);
    expect(out.get('style-src-elem')).toEqual(["'self'"]);
    expect(out.has('script-src')).toBe(false); // no default-src: scripts were unrestricted already
  });

  it("adds no hash where 'unsafe-inline' already allows inline scripts (a hash would disable it)", () => {
    const out = directives(extendPolicy("script-src 'self' 'unsafe-inline'", sources));
    expect(out.get('script-src')).toEqual(["'self'", "'unsafe-inline'", GA, YT]);
    const nonced = directives(extendPolicy("script-src 'unsafe-inline' 'nonce-x'", sources));
    expect(nonced.get('script-src')).toContain(HASH);
  });

  it('changes nothing of a policy that restricts none of what Candor adds, and adds nothing twice', () => {
    expect(extendPolicy("frame-ancestors 'none';  upgrade-insecure-requests", sources)).toBe(
      "frame-ancestors 'none'; upgrade-insecure-requests",
    );
    const once = extendPolicy("script-src 'self'", sources);
    expect(extendPolicy(once, sources)).toBe(once);
  });

  it('extends each of several policies in one header on its own', () => {
    const out = extendPolicies("script-src 'self', img-src 'none'", sources);
    expect(out).toBe(`script-src 'self' ${HASH} ${GA} ${YT}, img-src 'self'`);
  });

  it('extends the report-only policy too, and adds none where the upstream sent none', () => {
    const csp = { mode: 'upstream' as const, sources, strict: 'unused' };
    const headers = new Headers({ 'content-security-policy-report-only': "default-src 'none'" });
    applyProxyCsp(headers, csp);
    expect(headers.get('content-security-policy-report-only')).toContain(`script-src 'self' ${HASH}`);
    expect(headers.has('content-security-policy')).toBe(false);
    const none = new Headers({ 'content-type': 'text/html' });
    applyProxyCsp(none, csp);
    expect([...none.keys()]).toEqual(['content-type']);
  });
});

describe('strict mode', () => {
  it('is exactly the site, its services and Candor', () => {
    expect(strictPolicy(sources)).toBe(
      "default-src 'self'; " +
        `script-src 'self' ${HASH} ${GA} ${YT}; connect-src 'self' ${GA} ${YT}; img-src 'self' data: ${GA} ${YT}; ` +
        `frame-src ${GA} ${YT}; style-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'`,
    );
    expect(strictPolicy({ scriptHash: HASH, serviceOrigins: [] })).toContain("frame-src 'none';");
  });

  it("replaces the upstream's policies and fills in nosniff and a referrer policy it lacks", () => {
    const headers = new Headers({
      'content-security-policy': '*',
      'content-security-policy-report-only': "default-src 'none'",
      'referrer-policy': 'no-referrer',
    });
    applyProxyCsp(headers, { mode: 'strict', sources, strict: 'STRICT' });
    expect(headers.get('content-security-policy')).toBe('STRICT');
    expect(headers.has('content-security-policy-report-only')).toBe(false);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });
});

// Through the whole app, with the security-headers middleware and a fake upstream.
const shop = { id: 'shop', name: 'Shop', hostnames: ['www.shop.example'], upstream: 'http://origin.shop.example' };
const config = parseConfig({
  ...demo,
  sites: [shop, { ...shop, id: 'strict', hostnames: ['strict.shop.example'], csp: 'strict' }, ...demo.sites],
});
const siteOf = (id: string) => {
  const site = config.sites.find((s) => s.id === id);
  if (!site) throw new Error(`no site ${id}`);
  return site;
};
const codecs = createNodeProxy({ connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
const HTML = '<!doctype html><html><head><title>Shop</title></head><body>Hi</body></html>';

function proxied(headers: Record<string, string>, body = HTML) {
  const proxy: ProxyDeps = {
    ...codecs,
    send: async (): Promise<UpstreamResponse> => {
      const response = new Response(body, { headers });
      return { status: 200, headers: response.headers, body: response.body };
    },
  };
  return testApp({ config, proxy }).app;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the CSP of proxied answers', () => {
  it('allows the inline snippet by the sha256 of the text the page really carries', async () => {
    const app = proxied({ 'content-type': 'text/html', 'content-security-policy': "script-src 'self'" });
    const res = await app.request('http://www.shop.example/');
    const inline = /<head><script>([^<]*)<\/script>/.exec(await res.text())?.[1];
    expect(inline).toBe(consentDefaultsScript(config));
    expect(headSnippet(config, siteOf('shop'))).toContain(`<script>${inline}</script>`);
    expect(res.headers.get('content-security-policy')).toContain(sha256(inline ?? ''));
    expect(proxyCsp(config, siteOf('shop'), inline ?? '').sources.scriptHash).toBe(sha256(inline ?? ''));
  });

  it("extends the upstream's policy and keeps its other headers, without the gateway's API policy", async () => {
    const app = proxied({
      'content-type': 'text/html',
      'content-security-policy': "default-src 'self'; img-src 'none'",
      'x-frame-options': 'SAMEORIGIN',
    });
    const res = await app.request('http://www.shop.example/');
    const csp = directives(res.headers.get('content-security-policy') ?? '');
    expect(csp.get('img-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toContain(GA);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    for (const name of ['cross-origin-opener-policy', 'cross-origin-resource-policy', 'strict-transport-security']) {
      expect(res.headers.has(name)).toBe(false);
    }
  });

  it('adds no CSP to a page whose upstream sent none, nor to anything that is not HTML', async () => {
    expect(
      (await proxied({ 'content-type': 'text/html' }).request('http://www.shop.example/')).headers.has(
        'content-security-policy',
      ),
    ).toBe(false);
    const css = await proxied({ 'content-type': 'text/css' }).request('http://strict.shop.example/a.css');
    expect(css.headers.has('content-security-policy')).toBe(false);
  });

  it("sets the strict policy in place of the upstream's, and the gateway's own pages keep theirs", async () => {
    const app = proxied({ 'content-type': 'text/html', 'content-security-policy': '*' });
    const res = await app.request('http://strict.shop.example/');
    const strict = proxyCsp(config, siteOf('strict'), consentDefaultsScript(config)).strict;
    expect(res.headers.get('content-security-policy')).toBe(strict);
    expect(strict).toContain(`script-src 'self' ${sha256(consentDefaultsScript(config))} ${GA}`);
    expect(res.headers.has('x-frame-options')).toBe(false);
    const admin = await app.request('http://strict.shop.example/admin/login');
    expect(admin.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it("adds the gateway's HSTS over https where the upstream set none, and keeps the upstream's", async () => {
    const https = await proxied({ 'content-type': 'image/png' }).request('https://www.shop.example/a.png');
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const own = proxied({ 'content-type': 'text/html', 'strict-transport-security': 'max-age=60' });
    expect((await own.request('https://www.shop.example/')).headers.get('strict-transport-security')).toBe(
      'max-age=60',
    );
  });
});
