import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser } from '../support/browser.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { root } from '../support/paths.ts';

const THIRD_PARTY =
  /googletagmanager\.com|google-analytics\.com|hs-scripts\.com|hs-analytics\.net|youtube-nocookie\.com/;
const GA4 = /googletagmanager\.com\/gtag\/js/;
const HUBSPOT = /js\.hs-scripts\.com/;
const YOUTUBE = /youtube-nocookie\.com/;

// Stand-ins for the vendors' scripts: they set the cookies the real ones would, so withdrawal
// can be checked. Nothing leaves the machine.
const FAKE_TAGS: [RegExp, string][] = [
  [GA4, "document.cookie='_ga=GA1.1.42.1700000000; path=/'; document.cookie='_ga_CANDORDEMO1=GS1.1; path=/';"],
  [HUBSPOT, "document.cookie='__hstc=1.2.3; path=/'; document.cookie='hubspotutk=abc; path=/';"],
];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Session {
  context: BrowserContext;
  page: Page;
  /** Third-party URLs the page asked for (all answered locally). */
  thirdParty: string[];
  cspViolations: string[];
}

describe.runIf(hasBrowser)('consent banner in Chromium against the built site', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  async function open(
    path = '/',
    options: { gpc?: boolean; lang?: string; bypassCSP?: boolean } = {},
  ): Promise<Session> {
    const context = await browser.newContext({
      bypassCSP: options.bypassCSP ?? false,
      extraHTTPHeaders: options.gpc ? { 'Sec-GPC': '1' } : {},
    });
    const thirdParty: string[] = [];
    const cspViolations: string[] = [];
    await context.route(THIRD_PARTY, async (route) => {
      thirdParty.push(route.request().url());
      const fake = FAKE_TAGS.find(([pattern]) => pattern.test(route.request().url()));
      await route.fulfill({ status: 200, contentType: 'text/javascript', body: fake?.[1] ?? '' });
    });
    if (options.lang) {
      // Serve the same page as a site built for another locale would: its <html lang>, and the
      // banner build for that language.
      const localised = readFileSync(join(root, `packages/consent/dist/consent.${options.lang}.js`), 'utf8');
      await context.route(`${gw.url}/**`, async (route) => {
        const url = route.request().url();
        // @candor/astro copies the banner into the build under /_candor/<version>/.
        if (/\/_candor\/\w+\/consent\.js$/.test(url)) {
          return route.fulfill({ status: 200, contentType: 'text/javascript', body: localised });
        }
        if (route.request().resourceType() !== 'document') return route.continue();
        const response = await route.fetch();
        const html = (await response.text()).replace(/<html lang="en" dir="ltr"/, `<html lang="${options.lang}"`);
        await route.fulfill({ response, body: html });
      });
    }
    if (options.gpc) {
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
      });
    }
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('CSP:')) cspViolations.push(m.text());
    });
    await page.goto(gw.url + path);
    return { context, page, thirdParty, cspViolations };
  }

  const banner = (page: Page) => page.locator('#candor-consent');
  const button = (page: Page, name: string) => banner(page).getByRole('button', { name, exact: true });
  const prefs = (page: Page) => page.getByRole('dialog', { name: 'Cookie settings' });

  async function consentCookie(context: BrowserContext) {
    const cookie = (await context.cookies()).find((c) => c.name === 'candor_consent');
    return cookie
      ? (JSON.parse(decodeURIComponent(cookie.value)) as { id: string; c: string[]; s: string[]; r: string })
      : undefined;
  }

  async function history(id: string) {
    const res = await fetch(`${gw.url}/api/consent/${id}`);
    return res.status === 200
      ? ((await res.json()).records as { action: string; gpc: boolean; granted: string[]; denied: string[] }[])
      : [];
  }

  /** Waits until the gateway has stored `n` records for the id (the beacon is asynchronous). */
  async function waitForRecords(id: string, n: number) {
    for (let i = 0; i < 50; i++) {
      const records = await history(id);
      if (records.length >= n) return records;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${n} consent records for ${id}`);
  }

  it('before any choice: banner shown, no third-party request, no cookie at all', async () => {
    const { context, page, thirdParty, cspViolations } = await open('/');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await page.waitForTimeout(300);
    expect(thirdParty).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('shows Accept all, Reject all and Customize with equal size and weight', async () => {
    const { context, page } = await open('/');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    const looks = [];
    for (const name of ['Accept all', 'Reject all', 'Customize']) {
      const b = button(page, name);
      const box = await b.boundingBox();
      const style = await b.evaluate((el) => {
        const s = getComputedStyle(el);
        return [s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.borderTopWidth, s.paddingTop].join('|');
      });
      looks.push({ width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0), style });
    }
    expect(new Set(looks.map((l) => l.style)).size).toBe(1);
    expect(new Set(looks.map((l) => l.height)).size).toBe(1);
    const widths = looks.map((l) => l.width);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(2);
    await context.close();
  });

  it('Reject all keeps third parties out, stores the choice and a durable record', async () => {
    const { context, page, thirdParty } = await open('/');
    await button(page, 'Reject all').click();
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    const cookie = await consentCookie(context);
    expect(cookie?.c).toEqual(['necessary']);
    const records = await waitForRecords(cookie?.id ?? '', 1);
    expect(records[0]).toMatchObject({ action: 'reject_all', gpc: false });
    await page.goto(`${gw.url}/pricing`);
    await page.waitForTimeout(300);
    expect(await banner(page).isVisible()).toBe(false);
    expect(thirdParty).toEqual([]);
    expect((await context.cookies()).map((c) => c.name)).toEqual(['candor_consent']);
    // The record is in the RecordStore itself, and holds no IP or user agent.
    const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
    const row = db.prepare('SELECT * FROM consent_records WHERE consent_id = ?').get(cookie?.id) as Record<
      string,
      unknown
    >;
    db.close();
    expect(row).toMatchObject({ action: 'reject_all', granted: '["necessary","candor"]', path: '/' });
    expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|Mozilla|HeadlessChrome/);
    await context.close();
  });

  it('Accept all runs the gated GA4 and HubSpot tags; withdrawing clears their cookies', async () => {
    const { context, page, thirdParty, cspViolations } = await open('/');
    await button(page, 'Accept all').click();
    await expect.poll(() => thirdParty.some((u) => GA4.test(u))).toBe(true);
    await expect.poll(() => thirdParty.some((u) => HUBSPOT.test(u))).toBe(true);
    await expect
      .poll(async () => (await context.cookies()).map((c) => c.name).sort())
      .toEqual(['_ga', '_ga_CANDORDEMO1', '__hstc', 'candor_consent', 'hubspotutk'].sort());
    expect(cspViolations).toEqual([]);
    const id = (await consentCookie(context))?.id ?? '';

    // Withdraw both from the footer's "Cookie settings".
    await page.getByRole('link', { name: 'Cookie settings', exact: true }).click();
    await expect.poll(() => prefs(page).isVisible()).toBe(true);
    await prefs(page).getByRole('checkbox', { name: 'Analytics', exact: true }).uncheck();
    await prefs(page).getByRole('checkbox', { name: 'Marketing', exact: true }).uncheck();
    await Promise.all([page.waitForEvent('load'), prefs(page).getByRole('button', { name: 'Save choices' }).click()]);
    expect((await context.cookies()).map((c) => c.name)).toEqual(['candor_consent']);
    const records = await waitForRecords(id, 2);
    expect(records.map((r) => r.action)).toEqual(['accept_all', 'withdraw']);
    expect(records[1]?.denied).toEqual(expect.arrayContaining(['analytics', 'ga4', 'marketing', 'hubspot']));
    await context.close();
  });

  it('sets Consent Mode v2 defaults before any Google tag and updates them after a choice', async () => {
    const { context, page } = await open('/');
    const consentCalls = () =>
      page.evaluate(() =>
        ((window as unknown as { dataLayer: IArguments[] }).dataLayer ?? [])
          .map((entry) => Array.from(entry))
          .filter((args) => args[0] === 'consent'),
      );
    const [first] = await consentCalls();
    expect(first).toEqual([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
        wait_for_update: 500,
      },
    ]);
    await button(page, 'Customize').click();
    await prefs(page).getByRole('checkbox', { name: 'Analytics', exact: true }).check();
    await prefs(page).getByRole('button', { name: 'Save choices' }).click();
    await expect
      .poll(async () => (await consentCalls()).at(-1))
      .toEqual([
        'consent',
        'update',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'granted',
          functionality_storage: 'denied',
          personalization_storage: 'denied',
          security_storage: 'granted',
        },
      ]);
    // On the next page, the stored choice is applied at once.
    await page.goto(`${gw.url}/pricing`);
    await expect.poll(async () => (await consentCalls()).map((c) => c[1])).toEqual(['default', 'update']);
    await context.close();
  });

  it('opens the preference centre from the /cookies page button', async () => {
    const { context, page } = await open('/cookies');
    await button(page, 'Reject all').click();
    await page.getByRole('button', { name: 'Change cookie settings' }).click();
    await expect.poll(() => prefs(page).isVisible()).toBe(true);
    const download = prefs(page).getByRole('link', { name: 'Download my consent record' });
    const id = (await consentCookie(context))?.id;
    expect(await download.getAttribute('href')).toBe(`/api/consent/${id}?download=1`);
    await context.close();
  });

  it('GPC denies marketing without asking, and a later explicit opt-in wins', async () => {
    const { context, page, thirdParty } = await open('/', { gpc: true });
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await button(page, 'Accept all').click();
    await expect.poll(() => thirdParty.some((u) => GA4.test(u))).toBe(true);
    await page.waitForTimeout(300);
    expect(thirdParty.some((u) => HUBSPOT.test(u))).toBe(false);
    const cookie = await consentCookie(context);
    expect(cookie?.c).not.toContain('marketing');
    const records = await waitForRecords(cookie?.id ?? '', 1);
    expect(records.every((r) => r.gpc)).toBe(true);
    expect(records.at(-1)?.denied).toContain('marketing');

    await page.getByRole('link', { name: 'Cookie settings', exact: true }).click();
    await prefs(page).getByRole('checkbox', { name: 'Marketing', exact: true }).check();
    await prefs(page).getByRole('button', { name: 'Save choices' }).click();
    await expect.poll(() => thirdParty.some((u) => HUBSPOT.test(u))).toBe(true);
    expect((await consentCookie(context))?.c).toContain('marketing');
    await context.close();
  });

  it('works with the keyboard alone: reach the buttons, open settings, Esc closes and returns focus', async () => {
    const { context, page } = await open('/cookies');
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    // Focus moved to the banner when it appeared: Tab stays within reach of its buttons.
    const focusedInBanner = () => page.evaluate(() => !!document.activeElement?.closest('#candor-consent'));
    await expect.poll(focusedInBanner).toBe(true);
    let reached = '';
    for (let i = 0; i < 10 && reached !== 'Customize'; i++) {
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      if (reached !== 'Customize') await page.keyboard.press('Tab');
    }
    expect(reached).toBe('Customize');
    await page.keyboard.press('Enter');
    await expect.poll(() => prefs(page).isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"][aria-modal="true"]')))
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => prefs(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Customize');
    // Choose with the keyboard: Space on the Analytics box inside the preference centre, then save.
    await page.keyboard.press('Enter');
    await expect.poll(() => prefs(page).isVisible()).toBe(true);
    const analytics = prefs(page).getByRole('checkbox', { name: 'Analytics', exact: true });
    for (let i = 0; i < 30 && !(await analytics.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Space');
    expect(await analytics.isChecked()).toBe(true);
    const save = prefs(page).getByRole('button', { name: 'Save choices' });
    for (let i = 0; i < 30 && !(await save.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await consentCookie(context))?.c).toEqual(['necessary', 'analytics']);
    await context.close();
  });

  it('causes no layout shift (CLS 0) while the banner appears and is used', async () => {
    const { context, page } = await open('/');
    await page.evaluate(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) w.__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await button(page, 'Customize').click();
    await prefs(page).getByRole('button', { name: 'Save choices' }).click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
    await context.close();
  });

  it('asks again after a policy revision bump', async () => {
    const { context, page } = await open('/');
    await button(page, 'Reject all').click();
    const cookie = await consentCookie(context);
    await page.reload();
    await page.waitForTimeout(300);
    expect(await banner(page).isVisible()).toBe(false);
    // The same choice, made under the previous revision of the policy.
    const old = encodeURIComponent(JSON.stringify({ ...cookie, r: '2026-01-01' }));
    await context.addCookies([{ name: 'candor_consent', value: old, url: gw.url }]);
    await page.reload();
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await context.close();
  });

  /** The signals of the page's last `gtag('consent', 'update', …)`, or undefined when there was none. */
  const lastConsentUpdate = (page: Page) =>
    page.evaluate(
      () =>
        ((window as unknown as { dataLayer?: IArguments[] }).dataLayer ?? [])
          .map((args) => [...args])
          .filter(([cmd, kind]) => cmd === 'consent' && kind === 'update')
          .at(-1)?.[2] as Record<string, string> | undefined,
    );
  const placeholder = (page: Page) => page.locator('.candor-ph');
  const AD_SIGNALS_DENIED = { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };

  it('keeps an embedded video behind a placeholder that names YouTube alone and offers "Load once" and "Always allow"', async () => {
    const { context, page, thirdParty } = await open('/features');
    await button(page, 'Reject all').click();
    await expect.poll(() => placeholder(page).isVisible()).toBe(true);
    expect(await placeholder(page).locator('p').textContent()).toBe(
      'This content may set cookies. Always allowing it turns on only: YouTube (privacy-enhanced mode)',
    );
    expect(await placeholder(page).getByRole('button').allTextContents()).toEqual(['Load once', 'Always allow']);
    expect(thirdParty.some((u) => YOUTUBE.test(u))).toBe(false);
    await context.close();
  });

  it('"Load once" plays the video on this page only: no cookie, no record, no Consent Mode update', async () => {
    const { context, page, thirdParty } = await open('/features');
    await placeholder(page).getByRole('button', { name: 'Load once' }).click();
    await expect.poll(() => thirdParty.some((u) => YOUTUBE.test(u))).toBe(true);
    expect(await context.cookies()).toEqual([]);
    expect(await lastConsentUpdate(page)).toBeUndefined();
    expect(await banner(page).isVisible()).toBe(true);
    thirdParty.length = 0;
    await page.reload();
    await expect.poll(() => placeholder(page).isVisible()).toBe(true);
    expect(thirdParty.some((u) => YOUTUBE.test(u))).toBe(false);
    await context.close();
  });

  it('"Always allow" grants YouTube alone: recorded by the gateway without Marketing, and no ad signal on any page', async () => {
    const { context, page, thirdParty } = await open('/features');
    await placeholder(page).getByRole('button', { name: 'Always allow' }).click();
    await expect.poll(() => thirdParty.some((u) => YOUTUBE.test(u))).toBe(true);
    const cookie = await consentCookie(context);
    expect(cookie?.c).toEqual(['necessary']);
    expect(cookie?.s).toEqual(['candor', 'youtube']);
    const [record] = await waitForRecords(cookie?.id ?? '', 1);
    expect(record?.action).toBe('custom');
    expect(record?.granted).toEqual(['necessary', 'candor', 'youtube']);
    expect(record?.denied).toEqual(expect.arrayContaining(['marketing', 'hubspot']));
    expect(await lastConsentUpdate(page)).toMatchObject(AD_SIGNALS_DENIED);

    thirdParty.length = 0;
    await page.goto(`${gw.url}/features`);
    await expect.poll(() => thirdParty.some((u) => YOUTUBE.test(u))).toBe(true);
    expect(await placeholder(page).count()).toBe(0);
    expect(await lastConsentUpdate(page)).toMatchObject(AD_SIGNALS_DENIED);
    expect(thirdParty.some((u) => HUBSPOT.test(u))).toBe(false);
    await context.close();
  });

  it('passes axe (WCAG 2.2 AA) on the banner and the preference centre', async () => {
    const { context, page } = await open('/', { bypassCSP: true });
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await page.evaluate(axeSource);
    const audit = (selector: string) =>
      page.evaluate(async (sel) => {
        const axe = (
          window as unknown as {
            axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
          }
        ).axe;
        const result = await axe.run(sel, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      }, selector);
    expect(await audit('#candor-consent')).toEqual([]);
    await button(page, 'Customize').click();
    await expect.poll(() => prefs(page).isVisible()).toBe(true);
    expect(await audit('[role="dialog"][aria-modal="true"]')).toEqual([]);
    await context.close();
  });

  it.each([
    ['de', 'ltr', 'Alle akzeptieren'],
    ['ar', 'rtl', null],
  ])('speaks %s from <html lang> (%s)', async (lang, dir, acceptLabel) => {
    const { context, page } = await open('/', { lang });
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(await banner(page).getAttribute('dir')).toBe(dir);
    const text = (await banner(page).textContent()) ?? '';
    expect(text).not.toContain('Accept all');
    if (acceptLabel) expect(text).toContain(acceptLabel);
    else expect(text).toMatch(/[\u0600-\u06FF]/);
    await page.screenshot({ path: join(gw.dataDir, `banner-${lang}.png`) });
    await context.close();
  });
});
