import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoConfig, testApp } from '../testing.ts';
import { testLoaderSources } from './fixtures.ts';
import { buildLoaderAssets } from './node-assets.ts';

const assets = buildLoaderAssets(demoConfig, testLoaderSources(demoConfig));
const { app } = testApp({ loader: assets });
const v = assets.version;

describe('GET /candor.js', () => {
  it('answers the loader with the config’s sites and locales, cacheable for five minutes', async () => {
    const res = await app.request('/candor.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    const body = await res.text();
    expect(body).toContain(`"version":"${v}"`);
    expect(body).toContain('"sites":["demo"]');
    expect(body).toContain('"locales":["en","de","fr","es","ar"]');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await app.request('/candor.js')).headers.get('etag') ?? '';
    const res = await app.request('/candor.js', { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await app.request('/candor.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });

  it('sends the precompressed gzip variant when accepted, under its own ETag', async () => {
    const plain = await app.request('/candor.js');
    const res = await app.request('/candor.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('accept-encoding');
    expect(res.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(await plain.text());
  });
});

describe('GET /_candor/<version>/<file>', () => {
  it.each([
    ['consent.js', 'text/javascript; charset=utf-8'],
    ['consent.de.js', 'text/javascript; charset=utf-8'],
    ['consent.ar.js', 'text/javascript; charset=utf-8'],
    ['consent.css', 'text/css; charset=utf-8'],
    ['tracker.js', 'text/javascript; charset=utf-8'],
  ])('serves %s immutably, with an ETag', async (file, type) => {
    const res = await app.request(`/_candor/${v}/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain(`/* ${file} */`);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await app.request(`/_candor/${v}/${file}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('prefers brotli, then gzip', async () => {
    const br = await app.request(`/_candor/${v}/consent.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gzip = await app.request(`/_candor/${v}/consent.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await app.request(`/_candor/${v}/tracker.js`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('');
  });

  it('changes the version when any file changes', () => {
    const sources = testLoaderSources(demoConfig);
    sources.files['consent.css'] = new TextEncoder().encode('main{}');
    expect(buildLoaderAssets(demoConfig, sources).version).not.toBe(v);
    expect(buildLoaderAssets(demoConfig, testLoaderSources(demoConfig)).version).toBe(v);
  });
});
