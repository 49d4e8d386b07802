import type { CandorConfigInput } from '@candor/config';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyConfig } from '../fixtures/any-site/config.ts';
import { type LegacySite, startLegacySite } from '../fixtures/legacy-site/server.ts';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { banner, button, type CompanyGateway, startCompanyGateway, WAIT } from '../support/two-origins.ts';

// The edge proxy in Chromium: a legacy site that nobody retagged, on its own port, and the gateway
// in front of it on 127.0.0.1. The visitor only ever talks to the gateway; every third-party host
// the page would reach is answered by a local fake that records the request.

// A person's browser: headless Chromium's own user agent is (rightly) dropped as a bot.
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const COMPANY = {
  name: 'Northwind Outdoor',
  legalName: 'Northwind Outdoor GmbH',
  address: 'Seestraße 4, 82319 Starnberg, Germany',
  privacyContact: 'privacy@northwind.example',
  website: 'https://northwind.example',
};
const SITE_ID = 'legacy';

/** What each configured service's tag asks for first, once the banner lets it run. */
const SERVICES = {
  ga4: /^https?:\/\/www\.googletagmanager\.com\/gtag\/js\?id=G-LEGACY123/,
  hubspot: /^https?:\/\/js\.hs-scripts\.com\/7654321\.js/,
  metaPixel: /^https?:\/\/connect\.facebook\.net\/en_US\/fbevents\.js/,
  youtube: /^https?:\/\/www\.youtube(-nocookie)?\.com\/embed\/dQw4w9WgXcQ/,
};
/** How long a rejected page is watched for a third-party request that must not come. */
const QUIET_MS = 1500;

interface Session {
  context: BrowserContext;
  page: Page;
  /** Every request to a host other than the gateway's (all answered by the fakes). */
  thirdParty: string[];
  /** The gateway's own requests (the site's pages and assets, Candor's) that failed or got >= 400. */
  failed: string[];
  cspViolations: string[];
  consoleErrors: string[];
}

/** The fakes answer with the kind of body the element asked for, and nothing else. */
function fakeBody(request: Request): { contentType: string; body: string } {
  if (request.resourceType() === 'document') return { contentType: 'text/html', body: '<!doctype html><p>video</p>' };
  if (request.resourceType() === 'image') return { contentType: 'image/gif', body: '' };
  return { contentType: 'text/javascript', body: '' };
}

/** The company's config with its site behind the gateway, and catalogue services in place of a hand-written GA4. */
function proxiedConfig(publicUrl: string, upstream: string): CandorConfigInput {
  const base = companyConfig(COMPANY, { id: SITE_ID, name: 'Northwind Outdoor' }, publicUrl);
  return {
    ...base,
    sites: [{ id: SITE_ID, name: 'Northwind Outdoor', hostnames: ['127.0.0.1'], upstream }],
    consent: {
      ...base.consent,
      categories: {
        ...base.consent.categories,
        marketing: { title: 'Marketing', description: 'HubSpot, the Meta Pixel and YouTube videos.' },
      },
    },
    // The first party's own cookie, then the tags the legacy site carries, from the catalogue.
    services: [
      ...(base.services ?? []).filter((service) => service.category === 'necessary'),
      { use: 'ga4', tag: 'G-LEGACY123' },
      { use: 'hubspot' },
      { use: 'meta-pixel' },
      { use: 'youtube' },
    ],
  };
}

describe.runIf(hasBrowser)('the edge proxy in front of a legacy site, in Chromium', () => {
  let site: LegacySite;
  let company: CompanyGateway;
  let gateway: string;
  let browser: Browser;
  const sessions: Session[] = [];

  beforeAll(async () => {
    site = await startLegacySite();
    company = await startCompanyGateway('candor-proxy-e2e-', (publicUrl) => proxiedConfig(publicUrl, site.url));
    gateway = company.gw.url;
    browser = await launchBrowser({ userAgent: DESKTOP_CHROME });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await company?.stop();
    await site?.close();
  });

  /** A fresh visitor (no cookies) on `path` of the gateway, watched from the first byte. */
  async function open(path = '/'): Promise<Session> {
    const context = await browser.newContext();
    const session: Session = {
      context,
      page: undefined as never,
      thirdParty: [],
      failed: [],
      cspViolations: [],
      consoleErrors: [],
    };
    await context.route(
      (url) => url.origin !== gateway,
      async (route) => {
        session.thirdParty.push(route.request().url());
        await route.fulfill({ status: 200, ...fakeBody(route.request()) });
      },
    );
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      (m.text().startsWith('CSP:') ? session.cspViolations : session.consoleErrors).push(m.text());
    });
    page.on('pageerror', (e) => session.consoleErrors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (r.url().startsWith(gateway)) session.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.url().startsWith(gateway) && r.status() >= 400) session.failed.push(`${r.url()}: ${r.status()}`);
    });
    session.page = page;
    sessions.push(session);
    await page.goto(gateway + path);
    return session;
  }

  const requested = (s: Session, pattern: RegExp) => s.thirdParty.some((u) => pattern.test(u));

  it("renders the page's own text, CSS, JS and image with no failed request and no CSP violation", async () => {
    const s = await open('/');
    await s.page.waitForLoadState('load', WAIT);
    expect(await s.page.locator('h1').textContent()).toBe('Gear for every trail');
    expect(await s.page.getByText('tested on the trails around the lake since 1998').count()).toBe(1);
    // site.css applied, site.js ran, and the logo decoded.
    expect(await s.page.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(36, 69, 43)');
    expect(await s.page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);
    expect(
      await s.page.locator('header img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    await expect.poll(() => banner(s.page).isVisible(), WAIT).toBe(true);
    expect(s.failed).toEqual([]);
    expect(s.cspViolations).toEqual([]);
    await s.context.close();
  });

  it('shows the banner, and sends no third-party request before a choice', async () => {
    const s = await open('/');
    await expect.poll(() => banner(s.page).isVisible(), WAIT).toBe(true);
    expect(await banner(s.page).getAttribute('role')).toBe('dialog');
    await s.page.waitForTimeout(QUIET_MS);
    expect(s.thirdParty).toEqual([]);
    expect(await s.context.cookies()).toEqual([]);
    await s.context.close();
  });

  it('after Accept all, loads GA, HubSpot, the Meta Pixel and the YouTube video', async () => {
    const s = await open('/');
    await button(s.page, 'Accept all').click(WAIT);
    for (const [name, pattern] of Object.entries(SERVICES)) {
      await expect.poll(() => requested(s, pattern), { ...WAIT, message: `${name}: ${s.thirdParty}` }).toBe(true);
    }
    expect(await s.page.locator('iframe[title="YouTube video player"]').isVisible()).toBe(true);
    expect(s.cspViolations).toEqual([]);
    await s.context.close();
  });

  it('after Reject all (a fresh visitor), none of them loads', async () => {
    const s = await open('/');
    await button(s.page, 'Reject all').click(WAIT);
    await expect.poll(() => banner(s.page).isVisible(), WAIT).toBe(false);
    await s.page.waitForTimeout(QUIET_MS);
    expect(s.thirdParty).toEqual([]);
    // The next page of the same visitor stays as quiet.
    await s.page.goto(`${gateway}/about/`);
    await s.page.waitForTimeout(QUIET_MS);
    expect(await banner(s.page).isVisible()).toBe(false);
    expect(s.thirdParty).toEqual([]);
    await s.context.close();
  });

  it.each([
    ['/privacy', 'h1'],
    ['/cookies', 'table.cookie-table'],
  ])("serves %s as Candor's own page, not the upstream's", async (path, marker) => {
    const before = site.requests.length;
    const s = await open(path);
    expect(s.failed).toEqual([]);
    expect(await s.page.locator('body').textContent()).toContain(COMPANY.name);
    expect(await s.page.locator(marker).count()).toBeGreaterThan(0);
    if (path === '/cookies') {
      const table = (await s.page.locator('table.cookie-table').allTextContents()).join(' ');
      for (const cookie of ['candor_consent', '_fbp', '__hstc', 'VISITOR_INFO1_LIVE']) expect(table).toContain(cookie);
      expect(table).toMatch(/\^?_ga/);
    }
    // Nothing of it came from the legacy site (its 404 page would say "We could not find that trail").
    expect(await s.page.locator('body').textContent()).not.toContain('We could not find that trail');
    expect(site.requests.slice(before).map((r) => r.path)).toEqual([]);
    expect(s.cspViolations).toEqual([]);
    await s.context.close();
  });

  // Last: it sums up every page every test opened.
  it('logged no console error on any page', () => {
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.flatMap((s) => s.consoleErrors)).toEqual([]);
  });
});
