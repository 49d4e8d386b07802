import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CandorConfigInput } from '@candor/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyConfig } from '../fixtures/any-site/config.ts';
import { hasBrowser } from '../support/browser.ts';
import type { RunningGateway } from '../support/gateway.ts';
import { buildFromTarballs, type PackedBuild } from '../support/packed-install.ts';
import { root } from '../support/paths.ts';
import { type StaticSite, startStaticSite } from '../support/static-site.ts';
import {
  banner,
  button,
  type CompanyGateway,
  expectNoEventDropped,
  expectNothingBeforeChoice,
  expectPageviewsCounted,
  GA4,
  startCompanyGateway,
  startVisits,
  type Visits,
  WAIT,
} from '../support/two-origins.ts';

// A company's existing Astro site (examples/astro-existing-site) with Candor added in three
// lines, installed from the packed tarballs into a folder outside the workspace and built as a
// user would, then served from its own origin while the gateway runs on another.

const SITE_ID = 'bakery';
const POST = '/blog/winter-rye/';

/** The bakery's gateway config: the example's site id, and the GA4 tag its layout gates. */
function bakeryConfig(publicUrl: string): CandorConfigInput {
  const company = {
    name: "Marlowe's Bakery",
    legalName: "Marlowe's Bakery Ltd.",
    address: '14 Mill Lane, Hebden Bridge HX7 8AD, United Kingdom',
    privacyContact: 'privacy@marlowes-bakery.example',
    website: 'https://www.marlowes-bakery.example',
  };
  return companyConfig(company, { id: SITE_ID, name: "Marlowe's Bakery" }, publicUrl, {
    policy: { revision: '2026-11-01' },
  });
}

/** What the integration writes to `dist/candor-csp.json`: sources per directive, and the whole header. */
type CspSources = Partial<
  Record<'scriptSrc' | 'styleSrc' | 'connectSrc' | 'imgSrc' | 'frameSrc' | 'fontSrc', string[]>
> & { header?: string };

/**
 * The header a host sends: candor-csp.json's own `header`, as the example's README says, or else
 * one built from its lists, with `default-src 'self'` and `'self'` for the site's own files.
 */
function cspHeader(sources: CspSources): string {
  if (sources.header) return sources.header;
  const directive = (name: string, list: string[] = []) => [name, "'self'", ...list.filter((s) => s !== "'self'")];
  return [
    ["default-src 'self'"],
    directive('script-src', sources.scriptSrc),
    directive('style-src', sources.styleSrc),
    directive('connect-src', sources.connectSrc),
    directive('img-src', sources.imgSrc),
    directive('font-src', sources.fontSrc),
    directive('frame-src', sources.frameSrc),
    ["base-uri 'none'"],
    ["object-src 'none'"],
  ]
    .map((parts) => parts.join(' '))
    .join('; ');
}

describe.runIf(hasBrowser)('examples/astro-existing-site, built from the packed tarballs, in Chromium', () => {
  let company: CompanyGateway;
  let gw: RunningGateway;
  let build: PackedBuild;
  let site: StaticSite;
  let visits: Visits;
  let csp = '';
  let sources: CspSources = {};

  beforeAll(async () => {
    company = await startCompanyGateway('candor-astro-example-', bakeryConfig);
    gw = company.gw;

    build = await buildFromTarballs({ example: 'examples/astro-existing-site', env: { CANDOR_GATEWAY: gw.url } });
    const t = build.timings;
    process.stdout.write(
      `astro example: pack ${t.pack} ms, npm install ${t.install} ms, astro build ${t.build} ms\n` +
        `tarballs: ${build.tarballs.map((p) => relative(build.dir, p)).join(', ')}\n`,
    );
    sources = JSON.parse(await readFile(join(build.dist, 'candor-csp.json'), 'utf8')) as CspSources;
    csp = cspHeader(sources);
    site = await startStaticSite(build.dist, {}, () => ({ 'content-security-policy': csp }));
    visits = await startVisits(gw.url, site.url);
  }, 600_000);

  afterAll(async () => {
    await visits?.close();
    await site?.close();
    await build?.cleanup();
    await company?.stop();
  });

  const open = (path = '/') => visits.open(path);

  it('was installed from tarballs into a folder outside the workspace, not from the workspace packages', async () => {
    expect(relative(root, build.dir).startsWith('..'), build.dir).toBe(true);
    for (const name of ['astro', 'consent', 'tracker', 'definitions', 'config', 'policy']) {
      const installed = join(build.site, 'node_modules/@candor', name);
      expect(existsSync(join(installed, 'package.json')), `@candor/${name} installed`).toBe(true);
      // A symlink back into the checkout would mean the workspace was used after all.
      expect((await realpath(installed)).startsWith(build.site), `@candor/${name} is a real copy`).toBe(true);
      const manifest = await readFile(join(installed, 'package.json'), 'utf8');
      expect(manifest, `@candor/${name} manifest`).not.toMatch(/"(workspace|catalog):/);
    }
    expect(existsSync(join(build.dist, 'index.html')), build.log).toBe(true);
    expect(existsSync(join(build.dist, POST, 'index.html')), build.log).toBe(true);
  });

  it("every page loads the gateway's /candor.js, and candor-csp.json names what the page needs", async () => {
    for (const path of ['index.html', `${POST}index.html`]) {
      const html = await readFile(join(build.dist, path), 'utf8');
      expect(html, path).toContain(`${gw.url}/candor.js`);
      // The gated tag stays inert: an executable type would fetch gtag.js before any choice.
      expect(html, path).toMatch(/<script[^>]*type="text\/plain"[^>]*data-category="analytics"[^>]*>/);
      expect(html, path).toMatch(/<script[^>]*data-service="ga4"[^>]*>/);
    }
    expect(sources.scriptSrc, 'scriptSrc').toContain(gw.url);
    // The head script that inserts the loader is inline, so it is allowed by its hash.
    expect(
      sources.scriptSrc?.some((s) => /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(s)),
      'an inline hash',
    ).toBe(true);
    expect(sources.connectSrc, 'connectSrc').toContain(gw.url);
    expect(csp).not.toContain('unsafe-inline');
    const served = await fetch(`${site.url}/`);
    expect(served.headers.get('content-security-policy')).toBe(csp);
  });

  it('before any choice: the banner shows, no third-party request, no cookie at all', async () => {
    const session = await open('/');
    await expectNothingBeforeChoice(session);
    await session.context.close();
  });

  it("counts the site's page views on the gateway of another origin, for this site", async () => {
    const before = visits.beacons.length;
    const { context, page } = await open('/');
    await expect.poll(() => visits.sentPageview(`${site.url}/`, before), WAIT).toBe(true);
    await Promise.all([
      page.waitForURL(`${site.url}${POST}`, WAIT),
      page.getByRole('link', { name: 'Why our rye changes in winter' }).click(WAIT),
    ]);
    await expect.poll(() => visits.sentPageview(`${site.url}${POST}`, before), WAIT).toBe(true);
    await context.close();

    const stats = await expectPageviewsCounted(company, SITE_ID, visits.pageviews());
    const pages = await stats('breakdown', '&property=page');
    expect(pages.status).toBe(200);
    // The gateway counts a page without its trailing slash.
    const counted = (pages.body.results as { value: string; pageviews: number }[]).map((r) => r.value);
    expect(counted).toContain(POST.replace(/\/$/, ''));
    await expectNoEventDropped(gw);
  });

  it('Accept all runs the gated GA4 tag, which sets _ga, on the home page and the blog post', async () => {
    const { context, page, thirdParty, consentPosts } = await open('/');
    await button(page, 'Accept all').click(WAIT);
    await expect.poll(() => consentPosts, WAIT).toEqual([201]);
    // A policy without the vendor's origin blocks it here (the last test lists the violation).
    const fetched = { ...WAIT, message: 'gtag.js requests after Accept all' };
    await expect.poll(() => thirdParty.filter((u) => GA4.test(u)).length, fetched).toBe(1);
    expect(thirdParty[0]).toBe('https://www.googletagmanager.com/gtag/js?id=G-EXAMPLE');
    await expect
      .poll(async () => (await context.cookies(site.url)).map((c) => c.name).sort(), WAIT)
      .toEqual(['_ga', 'candor_consent']);
    // The choice holds on the next page: the tag runs at once, and no banner asks again.
    await page.goto(`${site.url}${POST}`);
    await expect.poll(() => thirdParty.filter((u) => GA4.test(u)).length, fetched).toBe(2);
    expect(await banner(page).isVisible()).toBe(false);
    await context.close();
  });

  it('had no console error and no CSP violation on any page', () => {
    expect(visits.cspViolations).toEqual([]);
    expect(visits.consoleErrors).toEqual([]);
  });
});
