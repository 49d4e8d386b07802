// The same-origin files: versioned by content, written into the build, served by `astro dev`.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '@candor/config/node';
import { describe, expect, it, vi } from 'vitest';
import { assetMiddleware, type CandorAssets, readAssets, writeAssets } from './assets.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const assets: CandorAssets = {
  version: 'v1',
  files: new Map([
    ['consent.js', bytes('banner')],
    ['consent.css', bytes('css')],
  ]),
};

function request(url: string, method = 'GET') {
  const res = { statusCode: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const next = vi.fn();
  assetMiddleware(assets, '/')(
    { url, method } as IncomingMessage,
    {
      setHeader: (k: string, v: string) => {
        res.headers[k] = v;
      },
      end: (body?: unknown) => {
        res.body = body;
      },
      set statusCode(code: number) {
        res.statusCode = code;
      },
    } as unknown as ServerResponse,
    next,
  );
  return { ...res, next };
}

describe('the same-origin assets', () => {
  it('are the built banner of each locale, its CSS, the preference centre and the tracker, versioned as the gateway versions them', async () => {
    const config = await loadConfigFile(fileURLToPath(new URL('../../../candor.config.ts', import.meta.url)));
    const { version, files } = await readAssets(config);
    expect([...files.keys()].sort()).toEqual([
      'consent.ar.js',
      'consent.css',
      'consent.de.js',
      'consent.es.js',
      'consent.fr.js',
      'consent.js',
      'preferences.js',
      'tracker.js',
    ]);
    // The gateway's scheme, written out independently: SHA-256 over each name, a NUL and the
    // SHA-256 of its bytes, in name order; the first ten hex digits.
    const hash = createHash('sha256');
    for (const name of [...files.keys()].sort())
      hash
        .update(name)
        .update('\0')
        .update(
          createHash('sha256')
            .update(files.get(name) ?? new Uint8Array())
            .digest(),
        );
    expect(version).toMatch(/^[0-9a-f]{10}$/);
    expect(version).toBe(hash.digest('hex').slice(0, 10));
  });

  it('are written to <outDir>/_candor/<version>/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-assets-'));
    try {
      await writeAssets(assets, dir);
      expect(await readFile(join(dir, '_candor/v1/consent.js'), 'utf8')).toBe('banner');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are served in dev under their versioned URL, with their content type', () => {
    const css = request('/_candor/v1/consent.css?x');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(new TextDecoder().decode(css.body as Uint8Array)).toBe('css');
    expect(css.next).not.toHaveBeenCalled();
    expect(request('/_candor/v1/consent.js').headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([['/_candor/v0/consent.js'], ['/_candor/v1/secret.txt'], ['/about/']])('pass %s on to Astro', (url) => {
    expect(request(url).next).toHaveBeenCalled();
  });

  it('pass a POST on to Astro', () => {
    expect(request('/_candor/v1/consent.js', 'POST').next).toHaveBeenCalled();
  });
});
