import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const PAGES = ['/', '/features', '/pricing', '/privacy', '/cookies', '/privacy/requests', '/missing-page'];

describe.runIf(hasBrowser)('the site in Chromium, served by the gateway', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  /** Opens a page and collects CSP violations, console errors and requests that left the origin. */
  async function visit(path: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      // Chromium reports the document's own 404 status as a console error; that one is expected.
      const own404 = path === '/missing-page' && m.location().url === gw.url + path && /status of 404/.test(m.text());
      if (m.type() === 'error' && !own404) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(gw.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective}`),
      );
    });
    const response = await page.goto(gw.url + path, { waitUntil: 'load' });
    return { page, response, problems, foreign };
  }

  it.each(PAGES)('%s renders with no CSP violation, console error or third-party request', async (path) => {
    const { page, response, problems, foreign } = await visit(path);
    expect(response?.status()).toBe(path === '/missing-page' ? 404 : 200);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('header').count()).toBeGreaterThan(0);
    expect(await page.locator('footer').count()).toBeGreaterThan(0);
    expect(await page.locator('h1').count()).toBe(1);
    const cookies = await page.context().cookies();
    expect(cookies).toEqual([]);
    await page.close();
  });

  it('has a skip link as the first stop for the keyboard, and it moves focus to the content', async () => {
    const { page } = await visit('/features');
    // A returning visitor: the choice is made, so the banner does not take focus on arrival.
    await page.getByRole('button', { name: 'Reject all', exact: true }).click();
    await page.reload();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLAnchorElement | null;
      return { text: el?.textContent?.trim(), href: el?.getAttribute('href') };
    });
    expect(first).toEqual({ text: 'Skip to content', href: '#main' });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    await page.close();
  });

  it('links every page footer to privacy, cookies, cookie settings and privacy rights', async () => {
    const { page } = await visit('/');
    const footer = page.locator('footer');
    for (const [name, href] of [
      ['Privacy', '/privacy'],
      ['Cookies', '/cookies'],
      ['Cookie settings', '/cookies#settings'],
      ['Your privacy rights', '/privacy/requests'],
    ]) {
      expect(await footer.getByRole('link', { name, exact: true }).getAttribute('href'), name).toBe(href);
    }
    await page.close();
  });

  it('shows the config-generated retention and contact on /privacy', async () => {
    const { page } = await visit('/privacy');
    const text = await page.locator('main').innerText();
    expect(text).toContain('privacy@tidewater.example');
    expect(text).toContain('Tidewater Practice Software GmbH');
    expect(text).toMatch(/Consent records[^\n]*5 years/i);
    expect(text).toMatch(/last updated/i);
    await page.close();
  });

  it('lays out without horizontal scrolling on a 320 px phone', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    for (const path of ['/', '/pricing', '/cookies', '/privacy']) {
      await page.goto(gw.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});
