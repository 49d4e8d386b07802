import { readFileSync } from 'node:fs';
import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { createMemorySiteAssets } from '../site/assets.ts';
import { demoConfig, testApp, testSite } from '../testing.ts';
import { parsePolicyProse } from './prose.ts';

const POLICY_FILE = new URL('../../../site/src/content/policy/privacy.md', import.meta.url);
const policy = parsePolicyProse(readFileSync(POLICY_FILE, 'utf8'), demoConfig, 'privacy.md');

const branded = parseConfig({
  ...demoConfig,
  company: { ...demoConfig.company, name: 'Acme Rockets' },
  branding: {
    logoUrl: 'https://cdn.acme.example/logo.svg',
    colors: { accent: '#ff6600', text: '#111', background: '#fafafa' },
  },
});

async function text(res: Response) {
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe("Candor's own pages", () => {
  it('GET /privacy renders the policy prose and every generated section', async () => {
    const { app } = testApp({ policy });
    const { status, body, headers } = await text(await app.request('/privacy'));
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('<h2 id="who-we-are-and-what-this-policy-covers">');
    for (const id of ['collected-automatically', 'cookies', 'email', 'retention', 'rights', 'contact', 'changes']) {
      expect(body).toContain(`<section class="policy-section" id="${id}"`);
    }
    expect(body).toContain('Tidewater Practice Software GmbH');
    expect(body).toContain('<time datetime="2025-09-01">');
    expect(body).toContain('Last updated <time datetime="2026-11-01">');
  });

  it('GET /privacy without a policy file names the controller in a short intro', async () => {
    const { app } = testApp();
    const body = await (await app.request('/privacy')).text();
    expect(body).toContain('how Tidewater Practice Software GmbH handles personal data');
    expect(body).toContain('id="retention"');
  });

  it('GET /cookies has the cookie table, the settings button and the loader', async () => {
    const { app } = testApp();
    const body = await (await app.request('/cookies')).text();
    expect(body).toContain('class="cookie-table"');
    expect(body).toContain('<code>candor_consent</code>');
    expect(body).toMatch(
      /<button type="button" class="button" data-candor-preferences>Change cookie settings<\/button>/,
    );
    expect(body).toMatch(/<script src="\/candor\.js" defer(="")?><\/script>/);
  });

  it('GET /privacy/requests has a plain form that posts without JavaScript', async () => {
    const { app } = testApp();
    const body = await (await app.request('/privacy/requests')).text();
    expect(body).toMatch(/<form class="request-form" method="post" action="\/api\/privacy-requests"/);
    expect(body).toContain('name="email"');
    expect(body).not.toContain('<script');
  });

  it('HEAD answers like GET, without a body', async () => {
    const { app } = testApp();
    const res = await app.request('/cookies', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('shows the company name, logo and colours, in a hashed, long-cached stylesheet', async () => {
    const { app } = testApp({ config: branded });
    const body = await (await app.request('/privacy')).text();
    expect(body).toContain('<title>Privacy policy · Acme Rockets</title>');
    expect(body).toContain('<img src="https://cdn.acme.example/logo.svg" alt=""/>');
    const href = /<link rel="stylesheet" href="(\/_candor\/pages\.[0-9a-f]{12}\.css)"/.exec(body)?.[1];
    expect(href).toBeDefined();
    const css = await app.request(href ?? '');
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('--candor-accent:#ff6600;--candor-text:#111;--candor-background:#fafafa');
  });

  it("a company stylesheet replaces Candor's own", async () => {
    const config = parseConfig({ ...demoConfig, branding: { stylesheetUrl: 'https://style.acme.example/a.css' } });
    const body = await (await testApp({ config }).app.request('/cookies')).text();
    expect(body).toContain('<link rel="stylesheet" href="https://style.acme.example/a.css"/>');
    expect(body).not.toContain('/_candor/pages.');
  });

  it("the served site's own page wins", async () => {
    const site = createMemorySiteAssets({
      ...testSite,
      '/privacy/index.html': '<!doctype html><main>Site policy</main>',
    });
    const { app } = testApp({ site, policy });
    expect(await (await app.request('/privacy')).text()).toContain('Site policy');
    expect(await (await app.request('/cookies')).text()).toContain('class="cookie-table"');
  });

  it("on a proxied host they are Candor's, whatever the served site dir holds", async () => {
    const site = createMemorySiteAssets({
      ...testSite,
      '/privacy/index.html': '<!doctype html><main>Site policy</main>',
    });
    const config = parseConfig({
      ...demoConfig,
      sites: [
        ...demoConfig.sites,
        { id: 'shop', name: 'Shop', hostnames: ['shop.example'], upstream: 'https://origin.shop.example' },
      ],
    });
    const { app } = testApp({ config, site, policy });
    expect(await (await app.request('http://shop.example/privacy')).text()).not.toContain('Site policy');
    expect(await (await app.request('http://localhost/privacy')).text()).toContain('Site policy');
  });

  it('serves the pages at the paths config.pages names, and not a page mapped to an absolute URL', async () => {
    const config = parseConfig({
      ...demoConfig,
      pages: { privacy: '/legal/privacy', cookies: 'https://tidewater.example/cookies' },
    });
    const { app } = testApp({ config });
    expect((await app.request('/legal/privacy')).status).toBe(200);
    expect((await app.request('/privacy')).status).toBe(404);
    expect((await app.request('/cookies')).status).toBe(404);
    const body = await (await app.request('/legal/privacy')).text();
    expect(body).toContain('href="https://tidewater.example/cookies#settings"');
  });

  it('the no-JS form post creates a request and answers an HTML page', async () => {
    const { app, deps } = testApp();
    const page = await (await app.request('/privacy/requests')).text();
    const action = /<form [^>]*action="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await app.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example' },
      body: new URLSearchParams({
        type: 'access',
        email: 'ada@example.com',
        jurisdiction: 'gdpr',
        locale: 'en',
        website: '',
      }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Check your email');
    const [request] = await deps.records.requests.list({ limit: 10 });
    expect(request?.type).toBe('access');
  });
});
