import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { testApp } from '../testing.ts';
import { inlineHashes, loadSiteAssets } from './node-assets.ts';
import { negotiate } from './serve.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const page = `<!doctype html><html><head><style>h1{color:red}</style>
<script>window.dataLayer=[]</script><script type="text/plain" data-category="analytics">gtag()</script>
<script src="/_astro/x.js"></script></head><body><main>${'Lorem ipsum dolor. '.repeat(80)}</main></body></html>`;

describe('loading the built site from disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-site-'));
    await mkdir(join(dir, '_astro'));
    await mkdir(join(dir, 'pricing'));
    await writeFile(join(dir, 'index.html'), page);
    await writeFile(join(dir, 'pricing/index.html'), '<main>Pricing</main>');
    await writeFile(join(dir, '404.html'), '<main>Lost</main>');
    await writeFile(join(dir, '_astro/x.js'), 'console.log(1)');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('hashes every inline script and style, including consent-gated ones, and skips src scripts', () => {
    expect(inlineHashes(page, 'script')).toEqual([sha('window.dataLayer=[]'), sha('gtag()')]);
    expect(inlineHashes(page, 'style')).toEqual([sha('h1{color:red}')]);
  });

  it('puts the page hashes in that page CSP', async () => {
    const { assets } = await loadSiteAssets(dir);
    const { deps } = testApp();
    const app = createApp({ ...deps, site: assets });
    const csp = (await app.request('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' ${sha('window.dataLayer=[]')} ${sha('gtag()')}`);
    expect(csp).toContain(`style-src 'self' ${sha('h1{color:red}')}`);
    const pricing = (await app.request('/pricing')).headers.get('content-security-policy') ?? '';
    expect(pricing).not.toContain('sha256');
  });

  it('serves precompressed variants that decode to the original', async () => {
    const { assets, files } = await loadSiteAssets(dir);
    expect(files).toBe(4);
    const { deps } = testApp();
    const app = createApp({ ...deps, site: assets });
    const gz = await app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
    const br = await app.request('/', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('etag')).not.toBe(gz.headers.get('etag'));
    const plain = await app.request('/');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(page);
  });

  it.each([
    ['br;q=0, gzip', 'gzip'],
    ['identity', 'identity'],
    ['*', 'br'],
    ['GZIP', 'gzip'],
    [undefined, 'identity'],
  ])('negotiates %j → %s', (header, expected) => {
    expect(negotiate(header, { br: new Uint8Array(1), gzip: new Uint8Array(1) })).toBe(expected);
  });
});
