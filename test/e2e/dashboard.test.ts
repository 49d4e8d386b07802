import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { addStaff } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { eventsStored, metricsEnv } from '../support/metrics.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EMAIL = 'mia@example.com';
const PASSWORD = 'a long enough test password';

describe.runIf(hasBrowser)('the reports dashboard in Chromium', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', ...metricsEnv } });
    const send = (ip: string, u: string, r?: string) =>
      fetch(`${gw.url}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': CHROME, 'x-forwarded-for': ip },
        body: JSON.stringify({ n: 'pageview', u: `http://localhost:8080${u}`, ...(r ? { r } : {}) }),
      });
    // Three visitors: two from Google (one reads two pages), one direct who bounces.
    await send('203.0.113.1', '/', 'https://www.google.com/');
    await send('203.0.113.1', '/pricing');
    await send('203.0.113.2', '/features', 'https://www.google.com/');
    await send('203.0.113.3', '/pricing');
    await eventsStored(gw, 4);
    await addStaff(gw.dataDir, EMAIL, 'marketer', PASSWORD);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('signs in, filters by a source, and downloads a table as CSV, within the CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('CSP:')) violations.push(m.text());
    });

    // Sign in through the real form, as a person would.
    await page.goto(`${gw.url}/admin/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${gw.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${gw.url}/admin`);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.waitForURL(`${gw.url}/admin/reports`);

    expect(await page.locator('[data-metric=visitors]').textContent()).toBe('3');
    expect(await page.locator('[data-metric=pageviews]').textContent()).toBe('4');
    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });

    const sources = page.getByRole('region', { name: 'Sources' });
    await sources.getByRole('link', { name: 'Google', exact: true }).click();
    await page.waitForURL(/filters=source%3D%3DGoogle/);
    await expect.poll(() => page.locator('[data-metric=visitors]').textContent()).toBe('2');
    const chip = page.getByRole('link', { name: 'Remove filter: source is Google' });
    expect(await chip.isVisible()).toBe(true);

    const href = await sources.getByRole('link', { name: /as CSV/ }).getAttribute('href');
    expect(href).toContain('filters=source%3D%3DGoogle');
    const csv = await page.request.get(`${gw.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^value,visitors,visits,pageviews/);
    expect(lines[1]).toMatch(/^Google,2,2,3/);

    await chip.click();
    await page.waitForURL(`${gw.url}/admin/reports`);
    expect(await page.locator('[data-metric=visitors]').textContent()).toBe('3');
    expect(violations).toEqual([]);
    await context.close();
  });
});
