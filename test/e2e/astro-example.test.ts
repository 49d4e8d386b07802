import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CandorConfigInput } from '@candor/config';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANNER_ID } from '../../packages/consent/src/ui/banner.ts';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { cli } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { metricsEnv, scrape } from '../support/metrics.ts';
import { buildFromTarballs, type PackedBuild } from '../support/packed-install.ts';
import { root } from '../support/paths.ts';
import { freePort, type StaticSite, startStaticSite } from '../support/static-site.ts';

// A company's existing Astro site (examples/astro-existing-site) with Candor added in three
// lines, installed from the packed tarballs into a folder outside the workspace and built as a
// user would, then served from its own origin while the gateway runs on another.

const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const THIRD_PARTY = /googletagmanager\.com|google-analytics\.com/;
const GA4 = /googletagmanager\.com\/gtag\/js/;
// Stands in for gtag.js: it sets the cookie the real one would. Nothing leaves the machine.
const FAKE_GA4 = "document.cookie='_ga=GA1.1.42.1700000000; path=/';";
const WAIT = { timeout: 10_000 };
const SITE_ID = 'bakery';
const POST = '/blog/winter-rye/';

/** The bakery's gateway config: the example's site id, and the GA4 tag its layout gates. */
function bakeryConfig(publicUrl: string): CandorConfigInput {
  return {
    company: {
      name: "Marlowe's Bakery",
      legalName: "Marlowe's Bakery Ltd.",
      address: '14 Mill Lane, Hebden Bridge HX7 8AD, United Kingdom',
      privacyContact: 'privacy@marlowes-bakery.example',
      website: 'https://www.marlowes-bakery.example',
    },
    publicUrl,
    sites: [{ id: SITE_ID, name: "Marlowe's Bakery", hostnames: ['127.0.0.1'], timezone: 'Europe/London' }],
    policy: { revision: '2026-11-01' },
    consent: {
      expiryDays: 180,
      categories: {
        necessary: { title: 'Strictly necessary', description: 'Remembering your cookie choice.' },
        preferences: { title: 'Preferences', description: 'Nothing yet.' },
        analytics: { title: 'Analytics', description: 'Google Analytics shows us which pages people read.' },
        marketing: { title: 'Marketing', description: 'Nothing yet: we run no advertising.' },
      },
    },
    services: [
      {
        id: 'candor',
        name: 'Candor',
        provider: "Marlowe's Bakery (first party)",
        category: 'necessary',
        purpose: 'Remembers your cookie choice.',
        cookies: [{ name: 'candor_consent', duration: '180 days', purpose: 'Stores your cookie choice.' }],
      },
      {
        id: 'ga4',
        name: 'Google Analytics 4',
        provider: 'Google Ireland Ltd.',
        category: 'analytics',
        purpose: 'Measures how visitors use the site across sessions.',
        origins: ['https://www.googletagmanager.com', 'https://www.google-analytics.com'],
        privacyPolicy: 'https://policies.google.com/privacy',
        cookies: [{ name: '^_ga', pattern: true, duration: '2 years', purpose: 'Distinguishes browsers.' }],
      },
    ],
    locales: ['en'],
  };
}

/** What the integration writes to `dist/candor-csp.json`: sources per directive, and the whole header. */
type CspSources = Partial<
  Record<'scriptSrc' | 'styleSrc' | 'connectSrc' | 'imgSrc' | 'frameSrc' | 'fontSrc', string[]>
> & { header?: string };

/**
 * The header a host sends: candor-csp.json's own `header`, as the example's README says, or else
 * one built from its lists, with `default-src 'self'` and `'self'` for the site's own files.
 */
function cspHeader(sources: CspSources): string {
  if (sources.header) return sources.header;
  const directive = (name: string, list: string[] = []) => [name, "'self'", ...list.filter((s) => s !== "'self'")];
  return [
    ["default-src 'self'"],
    directive('script-src', sources.scriptSrc),
    directive('style-src', sources.styleSrc),
    directive('connect-src', sources.connectSrc),
    directive('img-src', sources.imgSrc),
    directive('font-src', sources.fontSrc),
    directive('frame-src', sources.frameSrc),
    ["base-uri 'none'"],
    ["object-src 'none'"],
  ]
    .map((parts) => parts.join(' '))
    .join('; ');
}

interface Session {
  context: BrowserContext;
  page: Page;
  thirdParty: string[];
  consentPosts: number[];
}

interface Problem {
  url: string;
  text: string;
}

describe.runIf(hasBrowser)('examples/astro-existing-site, built from the packed tarballs, in Chromium', () => {
  let gw: RunningGateway;
  let build: PackedBuild;
  let site: StaticSite;
  let browser: Browser;
  let temp = '';
  let configFile = '';
  let csp = '';
  let sources: CspSources = {};
  const consoleErrors: Problem[] = [];
  const cspViolations: Problem[] = [];
  const beacons: string[] = [];

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'candor-astro-example-'));
    const port = await freePort();
    configFile = join(temp, 'candor.config.json');
    await writeFile(configFile, JSON.stringify(bakeryConfig(`http://127.0.0.1:${port}`)));
    const emptySite = await mkdtemp(join(temp, 'no-site-'));
    gw = await startGateway({
      env: { PORT: String(port), CANDOR_CONFIG: configFile, CANDOR_SITE_DIR: emptySite, ...metricsEnv },
    });
    expect(gw.url).toBe(`http://127.0.0.1:${port}`);

    build = await buildFromTarballs({ example: 'examples/astro-existing-site', env: { CANDOR_GATEWAY: gw.url } });
    const t = build.timings;
    process.stdout.write(
      `astro example: pack ${t.pack} ms, npm install ${t.install} ms, astro build ${t.build} ms\n` +
        `tarballs: ${build.tarballs.map((p) => relative(build.dir, p)).join(', ')}\n`,
    );
    sources = JSON.parse(await readFile(join(build.dist, 'candor-csp.json'), 'utf8')) as CspSources;
    csp = cspHeader(sources);
    site = await startStaticSite(build.dist, {}, () => ({ 'content-security-policy': csp }));
    browser = await launchBrowser({ userAgent: DESKTOP_CHROME });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await build?.cleanup();
    if (gw) {
      await gw.stop();
      await rm(gw.dataDir, { recursive: true, force: true });
    }
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  function watch(page: Page) {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      (m.text().startsWith('CSP:') ? cspViolations : consoleErrors).push({ url: page.url(), text: m.text() });
    });
    page.on('pageerror', (e) => consoleErrors.push({ url: page.url(), text: `pageerror: ${e.message}` }));
    page.on('request', (r) => {
      if (r.url() === `${gw.url}/api/event`) beacons.push(r.postData() ?? '');
    });
  }

  async function open(path = '/'): Promise<Session> {
    const context = await browser.newContext();
    const thirdParty: string[] = [];
    const consentPosts: number[] = [];
    await context.route(THIRD_PARTY, async (route) => {
      thirdParty.push(route.request().url());
      const body = GA4.test(route.request().url()) ? FAKE_GA4 : '';
      await route.fulfill({ status: 200, contentType: 'text/javascript', body });
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI} on ${location.origin}`),
      );
    });
    context.on('page', watch);
    context.on('response', (res) => {
      if (res.url() === `${gw.url}/api/consent` && res.request().method() === 'POST') consentPosts.push(res.status());
    });
    const page = await context.newPage();
    await page.goto(site.url + path);
    return { context, page, thirdParty, consentPosts };
  }

  const banner = (page: Page) => page.locator(`#${BANNER_ID}`);
  const button = (page: Page, name: string) => banner(page).getByRole('button', { name, exact: true });

  it('was installed from tarballs into a folder outside the workspace, not from the workspace packages', async () => {
    expect(relative(root, build.dir).startsWith('..'), build.dir).toBe(true);
    for (const name of ['astro', 'consent', 'tracker', 'definitions', 'config', 'policy']) {
      const installed = join(build.site, 'node_modules/@candor', name);
      expect(existsSync(join(installed, 'package.json')), `@candor/${name} installed`).toBe(true);
      // A symlink back into the checkout would mean the workspace was used after all.
      expect((await realpath(installed)).startsWith(build.site), `@candor/${name} is a real copy`).toBe(true);
      const manifest = await readFile(join(installed, 'package.json'), 'utf8');
      expect(manifest, `@candor/${name} manifest`).not.toMatch(/"(workspace|catalog):/);
    }
    expect(existsSync(join(build.dist, 'index.html')), build.log).toBe(true);
    expect(existsSync(join(build.dist, POST, 'index.html')), build.log).toBe(true);
  });

  it("every page loads the gateway's /candor.js, and candor-csp.json names what the page needs", async () => {
    for (const path of ['index.html', `${POST}index.html`]) {
      const html = await readFile(join(build.dist, path), 'utf8');
      expect(html, path).toContain(`${gw.url}/candor.js`);
      // The gated tag stays inert: an executable type would fetch gtag.js before any choice.
      expect(html, path).toMatch(/<script[^>]*type="text\/plain"[^>]*data-category="analytics"[^>]*>/);
      expect(html, path).toMatch(/<script[^>]*data-service="ga4"[^>]*>/);
    }
    expect(sources.scriptSrc, 'scriptSrc').toContain(gw.url);
    // The head script that inserts the loader is inline, so it is allowed by its hash.
    expect(
      sources.scriptSrc?.some((s) => /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(s)),
      'an inline hash',
    ).toBe(true);
    expect(sources.connectSrc, 'connectSrc').toContain(gw.url);
    expect(csp).not.toContain('unsafe-inline');
    const served = await fetch(`${site.url}/`);
    expect(served.headers.get('content-security-policy')).toBe(csp);
  });

  it('before any choice: the banner shows, no third-party request, no cookie at all', async () => {
    const { context, page, thirdParty } = await open('/');
    await expect.poll(() => banner(page).isVisible(), WAIT).toBe(true);
    expect(await banner(page).getAttribute('role')).toBe('dialog');
    await page.waitForTimeout(300);
    expect(thirdParty).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("counts the site's page views on the gateway of another origin, for this site", async () => {
    const before = beacons.length;
    const sent = (url: string) => beacons.slice(before).some((b) => b.includes('"pageview"') && b.includes(url));
    const { context, page } = await open('/');
    await expect.poll(() => sent(`${site.url}/`), WAIT).toBe(true);
    await Promise.all([
      page.waitForURL(`${site.url}${POST}`, WAIT),
      page.getByRole('link', { name: 'Why our rye changes in winter' }).click(WAIT),
    ]);
    await expect.poll(() => sent(`${site.url}${POST}`), WAIT).toBe(true);
    await context.close();
    const pageviews = beacons.filter((b) => b.includes('"pageview"')).length;

    const created = await cli(gw.dataDir, ['apikey', 'create', '--name', 'e2e', '--scope', 'stats:read'], '', {
      CANDOR_CONFIG: configFile,
    });
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    const stats = async (report: string, query = '') => {
      const res = await fetch(`${gw.url}/api/stats/${report}?site=${SITE_ID}&period=7d${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return { status: res.status, body: await res.json() };
    };
    await expect.poll(async () => (await stats('summary')).body.results?.pageviews, WAIT).toBe(pageviews);
    const pages = await stats('breakdown', '&property=page');
    expect(pages.status).toBe(200);
    // The gateway counts a page without its trailing slash.
    const counted = (pages.body.results as { value: string; pageviews: number }[]).map((r) => r.value);
    expect(counted).toContain(POST.replace(/\/$/, ''));
    const metrics = await (await scrape(gw)).text();
    expect(metrics).not.toMatch(/^candor_events_dropped_total\{[^}]*\} [1-9]/m);
  });

  it('Accept all runs the gated GA4 tag, which sets _ga, on the home page and the blog post', async () => {
    const { context, page, thirdParty, consentPosts } = await open('/');
    await button(page, 'Accept all').click(WAIT);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    // A policy without the vendor's origin blocks it here (the last test lists the violation).
    const fetched = { ...WAIT, message: 'gtag.js requests after Accept all' };
    await expect.poll(() => thirdParty.filter((u) => GA4.test(u)).length, fetched).toBe(1);
    expect(thirdParty[0]).toBe('https://www.googletagmanager.com/gtag/js?id=G-EXAMPLE');
    await expect
      .poll(async () => (await context.cookies(site.url)).map((c) => c.name).sort(), WAIT)
      .toEqual(['_ga', 'candor_consent']);
    // The choice holds on the next page: the tag runs at once, and no banner asks again.
    await page.goto(`${site.url}${POST}`);
    await expect.poll(() => thirdParty.filter((u) => GA4.test(u)).length, fetched).toBe(2);
    expect(await banner(page).isVisible()).toBe(false);
    await context.close();
  });

  it('had no console error and no CSP violation on any page', () => {
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
