import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { tokenMailedTo } from '../support/mail.ts';

const JS_EMAIL = 'grace.hopper@example.com';
const NO_JS_EMAIL = 'alan.turing@example.com';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Session {
  context: BrowserContext;
  page: Page;
  /** CSP violations, console errors and uncaught exceptions. */
  problems: string[];
  /** Redirect responses seen. */
  redirects: string[];
}

describe.runIf(hasBrowser)('the privacy request form in Chromium', () => {
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

  async function open(path: string, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, ...options });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const problems: string[] = [];
    const redirects: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 300 && r.status() < 400) redirects.push(r.url());
    });
    await page.goto(gw.url + path);
    const session: Session = { context, page, problems, redirects };
    return session;
  }

  /** Closes the consent banner when it shows (it needs JavaScript), so it covers nothing. */
  async function dismissBanner(page: Page) {
    const reject = page.getByRole('button', { name: 'Reject all', exact: true });
    if (await reject.isVisible().catch(() => false)) await reject.click();
  }

  it('passes axe (WCAG 2.2 AA) on the form', async () => {
    const { context, page } = await open('/privacy/requests', { bypassCSP: true });
    await dismissBanner(page);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run('main', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('with JavaScript: selects the linked right, shows field errors, then confirms inline', async () => {
    const { context, page, problems, redirects } = await open('/privacy/requests#erase');
    await dismissBanner(page);
    expect(await page.locator('#erase').isChecked()).toBe(true);
    // The correction field shows only for a correction.
    const correction = page.getByLabel('What is wrong, and what should it say?');
    expect(await correction.isVisible()).toBe(false);
    await page.getByLabel('Correct it').check();
    expect(await correction.isVisible()).toBe(true);
    await page.getByLabel('Delete it').check();
    expect(await correction.isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/privacy-form.png', fullPage: true });

    // A bad address: the summary takes focus and links to the field, which says what is wrong.
    await page.getByLabel('Your email address').fill('grace@');
    await page.getByRole('button', { name: 'Send request' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await summary.innerText()).toContain('Email address: Enter a valid email address');
    expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');

    await page.getByLabel('Your email address').fill(JS_EMAIL);
    await page.getByLabel('Anything else we should know?').fill('My account at the Hamburg practice.');
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/privacy-requests'));
    await page.getByRole('button', { name: 'Send request' }).click();
    expect((await posted).status()).toBe(202);
    const confirmation = page.getByRole('status').filter({ hasText: 'Check your email' });
    await expect.poll(() => confirmation.isVisible()).toBe(true);
    expect(await confirmation.innerText()).toContain('valid for 24 hours');
    expect(await page.locator('form[data-privacy-request-form]').isVisible()).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/privacy/requests');
    await page.screenshot({ path: '/tmp/privacy-form-sent.png', fullPage: true });

    expect(redirects).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('without JavaScript: the plain form posts and the gateway answers a 202 page', async () => {
    const { context, page, problems } = await open('/privacy/requests', { javaScriptEnabled: false });
    // Without the script the correction field is always there, labelled as only for corrections.
    expect(await page.getByLabel('What is wrong, and what should it say? (only for corrections)').isVisible()).toBe(
      true,
    );
    await page.getByLabel('Take it with you').check();
    await page.getByLabel('Your email address').fill(NO_JS_EMAIL);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/privacy-requests') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send request' }).click(),
    ]);
    expect(response.status()).toBe(202);
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    expect(await page.locator('main').innerText()).toContain('valid for 24 hours');
    expect(problems).toEqual([]);
    await context.close();
    expect(await tokenMailedTo(gw.dataDir, NO_JS_EMAIL)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('opens the mailed link, which changes nothing until the button is pressed, then shows the reference', async () => {
    const token = await tokenMailedTo(gw.dataDir, JS_EMAIL);
    const { context, page, problems, redirects } = await open(`/privacy-requests/verify/${token}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your privacy request');
    expect(await page.locator('main').innerText()).toContain('Delete your data');
    // The page's own stylesheet applied: the button spans the column.
    const button = page.getByRole('button', { name: 'Confirm my request' });
    expect(await button.evaluate((b) => b.clientWidth)).toBeGreaterThan(300);
    await page.reload();
    await button.click();
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/^Confirmed: reference PR-[0-9A-Z]{8}\. We answer by \d/);
    await page.screenshot({ path: '/tmp/privacy-request-confirmed.png', fullPage: true });

    // Single use: the same link now says only that it does not work.
    const again = await fetch(`${gw.url}/privacy-requests/verify/${token}`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('This link does not work');
    expect(redirects).toEqual([]);
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
