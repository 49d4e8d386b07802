import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { addStaff } from '../support/cli.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { tokenMailedTo } from '../support/mail.ts';

const OFFICER = 'dpo@tidewater.example';
const PASSWORD = 'a long enough officer password';

describe.runIf(hasBrowser)('the privacy officer’s request queue in Chromium', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway();
    // Two verified requests from visitors, through the public API and the mailed links.
    for (const [type, email] of [
      ['object', 'ida@example.com'],
      ['erase', 'otto@example.com'],
    ]) {
      const res = await fetch(`${gw.url}/api/privacy-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type, email }),
      });
      expect(res.status).toBe(202);
      const token = await tokenMailedTo(gw.dataDir, email as string);
      expect((await fetch(`${gw.url}/privacy-requests/verify/${token}`, { method: 'POST' })).status).toBe(200);
    }
    await addStaff(gw.dataDir, OFFICER, 'privacy', PASSWORD);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('signs in, opens the queue, works a request to completion, within the CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    await page.goto(`${gw.url}/admin/requests`);
    // Not signed in: the login page, which brings the officer back to the queue.
    await page.getByLabel('Email').fill(OFFICER);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`${gw.url}/admin/requests`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);

    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(2);
    await page.screenshot({ path: '/tmp/requests-queue.png', fullPage: true });
    const objection = rows.filter({ hasText: /object/i });
    await objection.getByRole('link').first().click();
    await page.waitForURL(/\/admin\/requests\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.waitForURL(/notice=start/);
    await page.getByRole('button', { name: 'Complete the request' }).click();
    await page.waitForURL(/notice=complete/);
    expect(await page.getByRole('row', { name: /^Status\s+Completed$/ }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/request-detail.png', fullPage: true });

    // The completed objection no longer waits in the open queue.
    await page.goto(`${gw.url}/admin/requests`);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
