import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { addStaff } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { eventsStored, metricsEnv } from '../support/metrics.ts';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const EMAIL = 'mia@example.com';
const PASSWORD = 'a long enough test password';
const PHONE = { width: 375, height: 812 };

interface WrapBox {
  right: number;
  clientWidth: number;
  scrollWidth: number;
  overflowX: string;
  scrolled: boolean;
}

describe.runIf(hasBrowser)('the reports dashboard on a phone-sized screen', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', ...metricsEnv } });
    const send = (ip: string, u: string, r?: string) =>
      fetch(`${gw.url}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': IPHONE, 'x-forwarded-for': ip },
        body: JSON.stringify({ n: 'pageview', u: `http://localhost:8080${u}`, ...(r ? { r } : {}) }),
      });
    // Long page paths and campaign names are what make tables wider than a phone.
    await send('203.0.113.1', '/', 'https://www.google.com/');
    await send('203.0.113.1', '/pricing/enterprise-plans-with-single-sign-on-and-audit-logging');
    await send(
      '203.0.113.2',
      '/blog/2026/how-we-measure-without-cookies?utm_source=newsletter&utm_campaign=spring-launch',
    );
    await send('203.0.113.3', '/features', 'https://news.ycombinator.com/item?id=1');
    await eventsStored(gw, 4);
    await addStaff(gw.dataDir, EMAIL, 'marketer', PASSWORD);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('fits 375 px: no sideways page scroll, cards and tables visible, wide tables scroll in their box', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);

    // Asking for the dashboard first goes through the login page and comes back to it.
    await page.goto(`${gw.url}/admin/reports`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Freports$/);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`${gw.url}/admin/reports`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(await page.locator('[data-metric=visitors]').textContent()).toBe('3');

    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(widths.inner).toBe(PHONE.width);
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);

    for (const metric of ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration']) {
      expect(await page.locator(`[data-metric=${metric}]`).isVisible(), metric).toBe(true);
    }
    const cards = await page
      .locator('.stat-cards > li')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.left).toBeGreaterThanOrEqual(0);
      expect(card.right).toBeLessThanOrEqual(PHONE.width);
    }
    const firstTable = page.locator('.breakdowns table').first();
    expect(await firstTable.isVisible()).toBe(true);
    expect(await firstTable.locator('tbody tr').count()).toBeGreaterThan(0);

    const wraps: WrapBox[] = await page.locator('.table-wrap').evaluateAll((els) =>
      els.map((el) => {
        const before = el.scrollLeft;
        el.scrollLeft = 40;
        const scrolled = el.scrollLeft > before;
        el.scrollLeft = before;
        return {
          right: el.getBoundingClientRect().right,
          clientWidth: el.clientWidth,
          scrollWidth: el.scrollWidth,
          overflowX: getComputedStyle(el).overflowX,
          scrolled,
        };
      }),
    );
    expect(wraps.length).toBeGreaterThan(0);
    for (const wrap of wraps) {
      expect(wrap.right).toBeLessThanOrEqual(PHONE.width);
      expect(['auto', 'scroll']).toContain(wrap.overflowX);
      // A table wider than its box scrolls inside it rather than widening the page.
      if (wrap.scrollWidth > wrap.clientWidth) expect(wrap.scrolled).toBe(true);
    }
    expect(
      wraps.some((w) => w.scrollWidth > w.clientWidth),
      'at least one table is wider than the phone, so the scrolling is exercised',
    ).toBe(true);

    await page.screenshot({ path: '/tmp/dashboard-phone.png', fullPage: true });
    await context.close();
  });
});
