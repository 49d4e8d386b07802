import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCENT_RGB, COMPANY_NAME, harbourlightConfig, SITE_ID } from '../fixtures/any-site/config.ts';
import { hasBrowser } from '../support/browser.ts';
import type { RunningGateway } from '../support/gateway.ts';
import { root } from '../support/paths.ts';
import { type StaticSite, startStaticSite } from '../support/static-site.ts';
import {
  banner,
  button,
  type CompanyGateway,
  expectNoEventDropped,
  expectNothingBeforeChoice,
  expectPageviewsCounted,
  GA4,
  startCompanyGateway,
  startVisits,
  type Visits,
  WAIT,
} from '../support/two-origins.ts';

// Candor on a company's own site: plain HTML on one origin with a single script tag, and the
// gateway on another origin serving the loader, the banner's config, the consent API and
// Candor's own pages in the company's styling.

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

describe.runIf(hasBrowser)('Candor on a plain HTML site of another origin, in Chromium', () => {
  let company: CompanyGateway;
  let site: StaticSite;
  let gw: RunningGateway;
  let visits: Visits;

  beforeAll(async () => {
    company = await startCompanyGateway('candor-any-site-', harbourlightConfig);
    gw = company.gw;
    const headers = (path: string): Record<string, string> =>
      path === '/strict.html' ? { 'content-security-policy': strictCsp(gw.url) } : {};
    site = await startStaticSite(join(root, 'test/fixtures/any-site'), { GATEWAY: gw.url }, headers);
    visits = await startVisits(gw.url, site.url);
  });
  afterAll(async () => {
    await visits?.close();
    await site?.close();
    await company?.stop();
  });

  const open = (path = '/') => visits.open(path, { acceptDownloads: true });
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
    const session = await open('/');
    await expectNothingBeforeChoice(session);
    await session.context.close();
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
    const before = visits.beacons.length;
    const { context, page } = await open('/');
    await expect.poll(() => visits.sentPageview(`${site.url}/`, before), WAIT).toBe(true);
    await Promise.all([
      page.waitForURL(`${site.url}/about.html`, WAIT),
      page.getByRole('link', { name: 'About the shop' }).click(WAIT),
    ]);
    await expect.poll(() => visits.sentPageview(`${site.url}/about.html`, before), WAIT).toBe(true);
    await context.close();

    // Every page view any test's browser sent so far.
    const stats = await expectPageviewsCounted(company, SITE_ID, visits.pageviews());
    const pages = await stats('breakdown', '&property=page');
    expect(pages.status).toBe(200);
    expect(JSON.stringify(pages.body)).toContain('/about.html');
    await expectNoEventDropped(gw);
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
    const problems = () =>
      [...visits.cspViolations, ...visits.consoleErrors].filter((p) => p.url.endsWith('/strict.html'));
    expect(problems()).toEqual([]);
    await button(page, 'Accept all').click(WAIT);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    await expect.poll(() => thirdParty.some((u) => GA4.test(u)), WAIT).toBe(true);
    await expect.poll(() => visits.beacons.some((b) => b.includes('/strict.html')), WAIT).toBe(true);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('had no console error and no CSP violation on any page, host or gateway', () => {
    expect(visits.cspViolations).toEqual([]);
    expect(visits.consoleErrors).toEqual([]);
  });
});
