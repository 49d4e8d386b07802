import { describe, expect, it } from 'vitest';
import { createMemorySiteAssets } from '../site/assets.ts';
import { demoConfig, testApp } from '../testing.ts';
import { testLoaderSources } from './fixtures.ts';
import { buildLoaderAssets } from './node-assets.ts';

const assets = buildLoaderAssets(demoConfig, testLoaderSources(demoConfig));
const { app } = testApp({ loader: assets });
const v = assets.version;

describe('the loader routes', () => {
  it.each(['/candor.js', `/_candor/${v}/consent.js`, `/_candor/${v}/consent.css`, `/_candor/${v}/tracker.js`])(
    '%s may be loaded by pages on any origin (CORP cross-origin)',
    async (path) => {
      const res = await app.request(path, { headers: { origin: 'https://elsewhere.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );

  it.each(['/admin/login', '/u/some-token', '/'])('%s keeps CORP same-origin', async (path) => {
    const res = await app.request(path);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('answers for a Host no site names, where the host-bound routes answer 421', async () => {
    expect((await app.request('http://evil.example/admin/login')).status).toBe(421);
    expect((await app.request('http://evil.example/candor.js')).status).toBe(200);
    expect((await app.request(`http://evil.example/_candor/${v}/consent.js`)).status).toBe(200);
  });

  it.each([
    ['another version', '/_candor/0000000000/consent.js'],
    ['an unknown file', `/_candor/${v}/secret.js`],
    ['the loader template', `/_candor/${v}/loader.js`],
    ['an ES module build', `/_candor/${v}/consent.mjs`],
    ['an encoded path', `/_candor/${v}/..%2F..%2Fpackage.json`],
  ])('answers %s with a 404 problem', async (_, path) => {
    const res = await app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('cache-control')).not.toMatch(/immutable/);
  });

  it("leaves a path the served site has to the site: an Astro build's own copy of the banner", async () => {
    const site = createMemorySiteAssets({ '/_candor/0123456789/consent.js': 'the site build' });
    const withSite = testApp({ loader: assets, site }).app;
    const own = await withSite.request('/_candor/0123456789/consent.js');
    expect(own.status).toBe(200);
    expect(await own.text()).toBe('the site build');
    // The gateway's own version still wins at its own path.
    expect((await withSite.request(`/_candor/${v}/consent.js`)).headers.get('cache-control')).toMatch(/immutable/);
  });
});
