import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANNER_ID } from '../../packages/consent/src/ui/banner.ts';
import { ACCENT_RGB, COMPANY_NAME, harbourlightConfig, SITE_ID } from '../fixtures/any-site/config.ts';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { cli } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { metricsEnv, scrape } from '../support/metrics.ts';
import { root } from '../support/paths.ts';
import { freePort, type StaticSite, startStaticSite } from '../support/static-site.ts';

// Candor on a company's own site: plain HTML on one origin with a single script tag, and the
// gateway on another origin serving the loader, the banner's config, the consent API and
// Candor's own pages in the company's styling.

// A person's browser: headless Chromium's own user agent is (rightly) dropped as a bot.
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const THIRD_PARTY = /googletagmanager\.com|google-analytics\.com/;
const GA4 = /googletagmanager\.com\/gtag\/js/;
// Stands in for gtag.js: it sets the cookie the real one would. Nothing leaves the machine.
const FAKE_GA4 = "document.cookie='_ga=GA1.1.42.1700000000; path=/';";
/** The longest a step may wait: the loader, the banner config and the banner bundle are three fetches. */
const WAIT = { timeout: 10_000 };

/**
 * A company's own strict policy that allows Candor by its origin alone: no 'unsafe-inline', no
 * nonce. The vendor's origin is the company's to add for its own gated tag.
 */
function strictCsp(gateway: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${gateway} https://www.googletagmanager.com`,
    `style-src 'self' ${gateway}`,
    `connect-src 'self' ${gateway}`,
    "img-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Third-party URLs the page asked for (all answered locally). */
  thirdParty: string[];
  /** Statuses of the consent POSTs the gateway answered. */
  consentPosts: number[];
}

interface Problem {
  url: string;
  text: string;
}

describe.runIf(hasBrowser)('Candor on a plain HTML site of another origin, in Chromium', () => {
  let gw: RunningGateway;
  let site: StaticSite;
  let browser: Browser;
  let temp = '';
  let configFile = '';
  /** Every console error, page error and CSP violation on any page, host or gateway, of every test. */
  const consoleErrors: Problem[] = [];
  const cspViolations: Problem[] = [];
  /** The analytics beacons the browser sent, over all sessions. */
  const beacons: string[] = [];

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'candor-any-site-'));
    const port = await freePort();
    configFile = join(temp, 'candor.config.json');
    await writeFile(configFile, JSON.stringify(harbourlightConfig(`http://127.0.0.1:${port}`)));
    const emptySite = await mkdtemp(join(temp, 'no-site-'));
    gw = await startGateway({
      env: { PORT: String(port), CANDOR_CONFIG: configFile, CANDOR_SITE_DIR: emptySite, ...metricsEnv },
    });
    // The config's publicUrl must be where the gateway really is, or every absolute link is wrong.
    expect(gw.url).toBe(`http://127.0.0.1:${port}`);
    const headers = (path: string): Record<string, string> =>
      path === '/strict.html' ? { 'content-security-policy': strictCsp(gw.url) } : {};
    site = await startStaticSite(join(root, 'test/fixtures/any-site'), { GATEWAY: gw.url }, headers);
    browser = await launchBrowser({ userAgent: DESKTOP_CHROME });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
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
    const context = await browser.newContext({ acceptDownloads: true });
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
  const prefs = (page: Page) => page.getByRole('dialog', { name: 'Cookie settings' });

  async function consentId(context: BrowserContext): Promise<string> {
    const cookie = (await context.cookies(site.url)).find((c) => c.name === 'candor_consent');
    return cookie ? (JSON.parse(decodeURIComponent(cookie.value)) as { id: string }).id : '';
  }

  it('serves /candor.js to any origin, cached for five minutes at most', async () => {
    const res = await fetch(`${gw.url}/candor.js`, { headers: { origin: site.url } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const maxAge = /(?:^|[,\s])max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1];
    expect(maxAge, `cache-control: ${res.headers.get('cache-control')}`).toBeDefined();
    expect(Number(maxAge)).toBeLessThanOrEqual(300);
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

  it('Reject all: recorded (201), readable cross-origin with its notice, downloadable from the preference centre', async () => {
    const { context, page, thirdParty, consentPosts } = await open('/');
    await button(page, 'Reject all').click(WAIT);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    expect(await banner(page).isVisible()).toBe(false);
    const id = await consentId(context);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Read from the host page, so the browser enforces the gateway's CORS answer.
    const proof = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, body: await res.json() };
    }, `${gw.url}/api/consent/${id}`);
    expect(proof.status).toBe(200);
    const [record] = proof.body.records as { action: string; granted: string[]; notice?: unknown }[];
    expect(record).toMatchObject({ action: 'reject_all', granted: ['necessary', 'candor'], path: '/' });
    // The notice: what the banner showed when the choice was made, as the gateway served it to this origin.
    const notice = record?.notice as
      | { locale: string; banner: { endpoint: string; categories: { id: string; title: string }[] } }
      | undefined;
    expect(notice, 'records[0].notice').toBeTypeOf('object');
    expect(notice?.locale).toBe('en');
    expect(notice?.banner.endpoint).toBe(`${gw.url}/api/consent`);
    expect(notice?.banner.categories.map((c) => c.id)).toEqual(['necessary', 'preferences', 'analytics', 'marketing']);
    expect(notice?.banner.categories.find((c) => c.id === 'analytics')?.title).toBe('Analytics');

    // The page's own "Cookie settings" button opens the preference centre.
    await page.getByRole('button', { name: 'Cookie settings' }).click(WAIT);
    await expect.poll(() => prefs(page).isVisible(), WAIT).toBe(true);
    // ...listing the very categories the notice says it showed.
    for (const { title } of notice?.banner.categories ?? []) {
      expect(await prefs(page).getByRole('checkbox', { name: title, exact: true }).count(), title).toBe(1);
    }
    const link = prefs(page).getByRole('link', { name: 'Download my consent record' });
    expect(await link.getAttribute('href', WAIT)).toBe(`${gw.url}/api/consent/${id}?download=1`);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), link.click(WAIT)]);
    expect(download.suggestedFilename()).toBe(`consent-record-${id}.json`);
    const file = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(file).toMatchObject({ id, records: [{ action: 'reject_all' }] });
    expect(thirdParty).toEqual([]);
    await context.close();
  });

  it("counts the host page's page views on the gateway, for this site", async () => {
    const before = beacons.length;
    const sent = (url: string) => beacons.slice(before).some((b) => b.includes('"pageview"') && b.includes(url));
    const { context, page } = await open('/');
    await expect.poll(() => sent(`${site.url}/`), WAIT).toBe(true);
    await Promise.all([
      page.waitForURL(`${site.url}/about.html`, WAIT),
      page.getByRole('link', { name: 'About the shop' }).click(WAIT),
    ]);
    await expect.poll(() => sent(`${site.url}/about.html`), WAIT).toBe(true);
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
    // Every page view any test's browser sent so far (the beacons are asynchronous and buffered).
    await expect.poll(async () => (await stats('summary')).body.results?.pageviews, WAIT).toBe(pageviews);
    const pages = await stats('breakdown', '&property=page');
    expect(pages.status).toBe(200);
    expect(JSON.stringify(pages.body)).toContain('/about.html');
    // None was dropped, as a bot's or a foreign site's would be.
    const metrics = await (await scrape(gw)).text();
    expect(metrics).not.toMatch(/^candor_events_dropped_total\{[^}]*\} [1-9]/m);
  });

  it('Accept all (a fresh visitor) runs the gated GA4 tag, which sets _ga', async () => {
    const { context, page, thirdParty, consentPosts } = await open('/');
    await button(page, 'Accept all').click(WAIT);
    await expect.poll(() => thirdParty.some((u) => GA4.test(u)), WAIT).toBe(true);
    await expect
      .poll(async () => (await context.cookies(site.url)).map((c) => c.name).sort(), WAIT)
      .toEqual(['_ga', 'candor_consent']);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    await context.close();
  });

  it("the banner's policy link opens the gateway's /privacy, in the company's name and accent colour", async () => {
    const { context, page } = await open('/');
    await expect.poll(() => banner(page).isVisible(), WAIT).toBe(true);
    const privacy = banner(page).getByRole('link', { name: 'Privacy policy' });
    expect(await privacy.getAttribute('href', WAIT)).toBe(`${gw.url}/privacy`);
    const cookies = banner(page).getByRole('link', { name: 'Cookie policy' });
    expect(await cookies.getAttribute('href', WAIT)).toBe(`${gw.url}/cookies`);
    await Promise.all([page.waitForURL(`${gw.url}/privacy`, WAIT), privacy.click(WAIT)]);
    await expectCompanyStyling(page);

    for (const path of ['/cookies', '/privacy/requests']) {
      const res = await page.goto(`${gw.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await expectCompanyStyling(page);
    }
    await context.close();
  });

  async function expectCompanyStyling(page: Page) {
    await page.waitForLoadState('load');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text, page.url()).toContain(COMPANY_NAME);
    // Built from this gateway's config, not the demo company's.
    expect(text, page.url()).not.toContain('Tidewater');
    const looks = await page.evaluate(() => {
      const colour = (sel: string) => [...document.querySelectorAll(sel)].map((el) => getComputedStyle(el).color);
      return {
        links: colour('a'),
        headings: colour('h1, h2'),
        background: getComputedStyle(document.body).backgroundColor,
      };
    });
    expect([...looks.links, ...looks.headings], `${page.url()}: link and heading colours`).toContain(ACCENT_RGB);
    expect(looks.background, `${page.url()}: body background`).toBe('rgb(253, 246, 227)');
  }

  it("works on a page with the company's own strict CSP that names the gateway's origin only", async () => {
    // The policy is really on the page, so a pass below means Candor lives within it.
    const served = await fetch(`${site.url}/strict.html`);
    expect(served.headers.get('content-security-policy')).toBe(strictCsp(gw.url));
    const { context, page, thirdParty, consentPosts } = await open('/strict.html');
    await expect.poll(() => banner(page).isVisible(), WAIT).toBe(true);
    const problems = () => [...cspViolations, ...consoleErrors].filter((p) => p.url.endsWith('/strict.html'));
    expect(problems()).toEqual([]);
    await button(page, 'Accept all').click(WAIT);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    await expect.poll(() => thirdParty.some((u) => GA4.test(u)), WAIT).toBe(true);
    await expect.poll(() => beacons.some((b) => b.includes('/strict.html')), WAIT).toBe(true);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('had no console error and no CSP violation on any page, host or gateway', () => {
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
