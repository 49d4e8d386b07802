// Candor on a company's own site: the gateway on one origin with another company's config, the
// site on a second origin, and a Chromium whose every page is watched for console errors, CSP
// violations and analytics beacons. Shared by the e2e suites of a plain HTML site and of an
// Astro site built from the packed tarballs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CandorConfigInput } from '@candor/config';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { BANNER_ID } from '../../packages/consent/src/ui/banner.ts';
import { launchBrowser } from './browser.ts';
import { cli } from './cli.ts';
import { type RunningGateway, startGateway } from './gateway.ts';
import { metricsEnv, scrape } from './metrics.ts';
import { freePort } from './static-site.ts';

// A person's browser: headless Chromium's own user agent is (rightly) dropped as a bot.
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const THIRD_PARTY = /googletagmanager\.com|google-analytics\.com/;
export const GA4 = /googletagmanager\.com\/gtag\/js/;
// Stands in for gtag.js: it sets the cookie the real one would. Nothing leaves the machine.
const FAKE_GA4 = "document.cookie='_ga=GA1.1.42.1700000000; path=/';";
/** The longest a step may wait: the loader, the banner config and the banner bundle are three fetches. */
export const WAIT = { timeout: 10_000 };

/** A gateway serving another company's config, with no site of its own, on a port of its own. */
export interface CompanyGateway {
  gw: RunningGateway;
  /** The config the gateway reads; the CLI must read the same one. */
  configFile: string;
  /** Stops the gateway and removes its data and the config. */
  stop(): Promise<void>;
}

/**
 * Writes `config(publicUrl)` to a temp file and starts the gateway on the port that publicUrl
 * names, chosen before the config is written, since publicUrl must be where the gateway listens.
 */
export async function startCompanyGateway(
  tempPrefix: string,
  config: (publicUrl: string) => CandorConfigInput,
): Promise<CompanyGateway> {
  const temp = await mkdtemp(join(tmpdir(), tempPrefix));
  let gw: RunningGateway | undefined;
  const stop = async () => {
    if (gw) {
      await gw.stop();
      await rm(gw.dataDir, { recursive: true, force: true });
    }
    await rm(temp, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const configFile = join(temp, 'candor.config.json');
    await writeFile(configFile, JSON.stringify(config(`http://127.0.0.1:${port}`)));
    // An empty site dir: the company's pages are on the other origin, so Candor serves its own.
    const emptySite = await mkdtemp(join(temp, 'no-site-'));
    gw = await startGateway({
      env: { PORT: String(port), CANDOR_CONFIG: configFile, CANDOR_SITE_DIR: emptySite, ...metricsEnv },
    });
    // The config's publicUrl must be where the gateway really is, or every absolute link is wrong.
    expect(gw.url).toBe(`http://127.0.0.1:${port}`);
    return { gw, configFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface Problem {
  url: string;
  text: string;
}

/** One visitor: a fresh browser context (no cookies) and the page it opened. */
export interface Session {
  context: BrowserContext;
  page: Page;
  /** Third-party URLs the page asked for (all answered locally). */
  thirdParty: string[];
  /** Statuses of the consent POSTs the gateway answered. */
  consentPosts: number[];
}

/** The browser, and what every page of every session did over a whole suite. */
export interface Visits {
  /** Every console error and page error on any page, host or gateway. */
  consoleErrors: Problem[];
  cspViolations: Problem[];
  /** The analytics beacons the browser sent to the gateway, over all sessions. */
  beacons: string[];
  /** Opens `path` on the site in a new context whose third-party requests go to local fakes. */
  open(path?: string, options?: BrowserContextOptions): Promise<Session>;
  /** How many page views the browser has sent so far. */
  pageviews(): number;
  /** Whether a page view of `url` was sent after the first `since` beacons. */
  sentPageview(url: string, since: number): boolean;
  close(): Promise<void>;
}

export async function startVisits(gateway: string, site: string): Promise<Visits> {
  const browser: Browser = await launchBrowser({ userAgent: DESKTOP_CHROME });
  const consoleErrors: Problem[] = [];
  const cspViolations: Problem[] = [];
  const beacons: string[] = [];
  const isPageview = (beacon: string) => beacon.includes('"pageview"');

  function watch(page: Page) {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      (m.text().startsWith('CSP:') ? cspViolations : consoleErrors).push({ url: page.url(), text: m.text() });
    });
    page.on('pageerror', (e) => consoleErrors.push({ url: page.url(), text: `pageerror: ${e.message}` }));
    page.on('request', (r) => {
      if (r.url() === `${gateway}/api/event`) beacons.push(r.postData() ?? '');
    });
  }

  async function open(path = '/', options: BrowserContextOptions = {}): Promise<Session> {
    const context = await browser.newContext(options);
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
      if (res.url() === `${gateway}/api/consent` && res.request().method() === 'POST') consentPosts.push(res.status());
    });
    const page = await context.newPage();
    await page.goto(site + path);
    return { context, page, thirdParty, consentPosts };
  }

  return {
    consoleErrors,
    cspViolations,
    beacons,
    open,
    pageviews: () => beacons.filter(isPageview).length,
    sentPageview: (url, since) => beacons.slice(since).some((b) => isPageview(b) && b.includes(url)),
    close: () => browser.close(),
  };
}

export const banner = (page: Page) => page.locator(`#${BANNER_ID}`);
export const button = (page: Page, name: string) => banner(page).getByRole('button', { name, exact: true });

/** Before any choice: the banner shows, and there is no third-party request and no cookie at all. */
export async function expectNothingBeforeChoice({ context, page, thirdParty }: Session): Promise<void> {
  await expect.poll(() => banner(page).isVisible(), WAIT).toBe(true);
  expect(await banner(page).getAttribute('role')).toBe('dialog');
  await page.waitForTimeout(300);
  expect(thirdParty).toEqual([]);
  expect(await context.cookies()).toEqual([]);
}

/** A stats API report for the site: `summary`, `breakdown`…, with the query's extra parameters. */
export type Stats = (report: string, query?: string) => Promise<{ status: number; body: { results?: unknown } }>;

/**
 * Waits until the gateway's stats API counts `pageviews` page views for `siteId` (the beacons are
 * asynchronous and buffered), read with a stats:read key made by the CLI; answers that reader.
 */
export async function expectPageviewsCounted(
  { gw, configFile }: CompanyGateway,
  siteId: string,
  pageviews: number,
): Promise<Stats> {
  const created = await cli(gw.dataDir, ['apikey', 'create', '--name', 'e2e', '--scope', 'stats:read'], '', {
    CANDOR_CONFIG: configFile,
  });
  expect(created.code, created.stderr).toBe(0);
  const key = created.stdout.trim().split('\n').at(-1) ?? '';
  const stats: Stats = async (report, query = '') => {
    const res = await fetch(`${gw.url}/api/stats/${report}?site=${siteId}&period=7d${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: res.status, body: (await res.json()) as { results?: unknown } };
  };
  const summary = async () => (await stats('summary')).body.results as { pageviews?: number } | undefined;
  await expect.poll(async () => (await summary())?.pageviews, WAIT).toBe(pageviews);
  return stats;
}

/** None was dropped, as a bot's or a foreign site's would be. */
export async function expectNoEventDropped(gw: RunningGateway): Promise<void> {
  const metrics = await (await scrape(gw)).text();
  expect(metrics).not.toMatch(/^candor_events_dropped_total\{[^}]*\} [1-9]/m);
}
