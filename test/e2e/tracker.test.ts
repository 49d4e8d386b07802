import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

// A person's browser: headless Chromium's own user agent is (rightly) filtered as a bot.
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Row {
  name: string;
  path: string;
  session_id: string;
  first_of_day: boolean;
  engaged_ms: number;
  props: string;
  browser: string;
  os: string;
  device: string;
}

describe.runIf(hasBrowser)('the tracker on the built site, end to end into the EventStore', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let rows: Row[] = [];
  let dropped: { reason: string; count: number }[] = [];
  const beacons: string[] = [];

  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser({ userAgent: DESKTOP_CHROME });
    const context = await browser.newContext();
    await context.route(/policies\.google\.com/, (route) => route.fulfill({ status: 200, body: 'ok' }));
    const page = await context.newPage();
    page.on('request', (r) => {
      if (r.url().endsWith('/api/event')) beacons.push(r.postData() ?? '');
    });

    await page.goto(`${gw.url}/`);
    await waitFor(() => beacons.length >= 1, 'the first page view');
    // An SPA navigation, as a client-side router would do it.
    await page.evaluate(() => history.pushState({}, '', '/spa/step-2'));
    await page.waitForTimeout(1200);
    // Leaving the page sends the engaged time of the view being left.
    await page.goto(`${gw.url}/privacy`);
    await page
      .getByRole('link', { name: /Google/ })
      .first()
      .click({ modifiers: [] });
    await page.goto(`${gw.url}/no-such-page`);
    await page.goto(`${gw.url}/pricing`);
    await page.evaluate(() =>
      (window as unknown as { candor: (n: string, o: object) => void }).candor('Signup', { props: { plan: 'pro' } }),
    );
    await waitFor(() => beacons.some((b) => b.includes('Signup')), 'the custom event');
    await context.close();

    // Headless Chromium as it is: counted as filtered, never stored.
    const plain = await launchBrowser();
    const headless = await plain.newPage();
    await headless.goto(`${gw.url}/features`);
    await headless.waitForTimeout(500);
    await plain.close();

    const { code } = await gw.stop();
    expect(code).toBe(0);
    const instance = await DuckDBInstance.create(join(gw.dataDir, 'events.duckdb'));
    const conn = await instance.connect();
    rows = (
      await conn.runAndReadAll('SELECT * EXCLUDE (time) FROM events ORDER BY time')
    ).getRowObjectsJson() as unknown as Row[];
    dropped = (
      await conn.runAndReadAll('SELECT reason, count::INTEGER AS count FROM dropped_events')
    ).getRowObjectsJson() as unknown as {
      reason: string;
      count: number;
    }[];
    conn.closeSync();
    instance.closeSync();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('stores page views for loads and SPA navigations, in one visit', () => {
    const views = rows.filter((r) => r.name === 'pageview').map((r) => r.path);
    expect(views).toEqual(['/', '/spa/step-2', '/privacy', '/no-such-page', '/pricing']);
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
    expect(rows.filter((r) => r.first_of_day)).toHaveLength(1);
    expect(rows[0]).toMatchObject({ browser: 'Chrome', os: 'Linux', device: 'desktop' });
  });

  it('stores the engaged time of a view when it is left', () => {
    const spa = rows.find((r) => r.name === 'engagement' && r.path === '/spa/step-2');
    expect(spa?.engaged_ms).toBeGreaterThanOrEqual(1000);
    expect(spa?.engaged_ms).toBeLessThan(60_000);
  });

  it('stores an outbound click with its URL, the 404 page and a custom event with props', () => {
    const outbound = rows.find((r) => r.name === 'Outbound Link: Click');
    expect(JSON.parse(outbound?.props ?? '{}').url).toMatch(/^https:\/\/policies\.google\.com\//);
    expect(rows.find((r) => r.name === '404')).toMatchObject({ path: '/no-such-page' });
    expect(JSON.parse(rows.find((r) => r.name === 'Signup')?.props ?? '{}')).toEqual({ plan: 'pro' });
  });

  it('sends text/plain beacons without cookies', () => {
    expect(beacons.length).toBeGreaterThanOrEqual(8);
    for (const body of beacons) expect(() => JSON.parse(body)).not.toThrow();
  });

  it('filters headless Chromium as a bot and counts it', () => {
    expect(rows.some((r) => r.path === '/features')).toBe(false);
    expect(dropped).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'headless' })]));
  });
});
