import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { cli } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const EMAIL = 'lena@example.com';

describe.runIf(hasBrowser)('an unsubscribe link in Chromium', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let key: string;
  beforeAll(async () => {
    gw = await startGateway();
    const created = await cli(gw.dataDir, [
      'apikey',
      'create',
      '--name',
      'ESP',
      '--scope',
      'unsubscribe:write,suppressions:read',
    ]);
    expect(created.code, created.stderr).toBe(0);
    key = created.stdout.trim().split('\n').at(-1) as string;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  const api = async (path: string, body: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  const lists = async () =>
    ((await api('/api/suppressions/check', { emails: [EMAIL] })) as { results: { lists: string[] }[] }).results[0]
      ?.lists;

  it('opens the page, unsubscribes from one list, undoes it, then unsubscribes from all, within the CSP', async () => {
    const link = (await api('/api/unsubscribe-links', { email: EMAIL, list: 'newsletter' })) as { url: string };
    // The demo config's links point at :8080; this gateway runs on a test port.
    const url = `${gw.url}${new URL(link.url).pathname}`;

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(5000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const redirects: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 300 && r.status() < 400) redirects.push(r.url());
    });

    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe from Newsletter');
    expect(await page.getByText(/^l•+@example\.com$/).count()).toBe(1);
    // The stylesheet applied: buttons are full width on a phone.
    const width = await page
      .getByRole('button', { name: 'Unsubscribe from Newsletter' })
      .evaluate((b) => b.clientWidth);
    expect(width).toBeGreaterThan(250);
    expect(await lists()).toEqual([]);

    await page.getByRole('button', { name: 'Unsubscribe from Newsletter' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('You are unsubscribed from Newsletter.');
    expect(await lists()).toEqual(['newsletter']);
    expect(await page.getByRole('link', { name: 'privacy request' }).getAttribute('href')).toBe('/privacy/requests');

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Undone');
    expect(await lists()).toEqual([]);

    await page.getByRole('link', { name: 'Change your choices' }).click();
    await page.getByRole('button', { name: 'Unsubscribe from all marketing email' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('all our marketing email');
    expect(await lists()).toEqual(['newsletter', 'product-updates']);
    await page.screenshot({ path: '/tmp/unsubscribe-done.png', fullPage: true });

    expect(redirects).toEqual([]);
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('a revisit says where the address stands, offers Resubscribe, and shows a list it may not re-enable locked', async () => {
    const email = 'milo@example.com';
    const link = (await api('/api/unsubscribe-links', { email, list: 'newsletter' })) as { url: string };
    const url = `${gw.url}${new URL(link.url).pathname}`;
    const page: Page = await browser.newPage();
    page.setDefaultTimeout(5000);
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    await page.goto(url);
    await page.getByRole('button', { name: 'Unsubscribe from all marketing email' }).click();
    await page.goto(url);
    await expect.poll(heading).toBe('You are unsubscribed from all our marketing email');
    await page.getByRole('button', { name: 'Resubscribe to Newsletter' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('You get Newsletter again.');

    // The sender's system suppresses product updates (a complaint): this link may not lift that.
    const complaint = await fetch(`${gw.url}/api/suppressions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, list: 'product-updates' }),
    });
    expect(complaint.status).toBe(200);
    await page.goto(url);
    await expect.poll(heading).toBe('Unsubscribe from Newsletter');
    const updates = page.getByRole('checkbox', { name: /Product updates/ });
    expect(await updates.isDisabled()).toBe(true);
    expect(await updates.isChecked()).toBe(false);
    expect(await page.getByText(/no link can switch it back on/).count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: /Newsletter/ }).isEnabled()).toBe(true);
    await page.close();
  });
});
