import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../context.ts';
import type { CspSources } from '../middleware/security-headers/csp.ts';
import { demoConfig, testSite } from '../testing.ts';
import { createMemorySiteAssets } from './assets.ts';
import { createSiteHandler, type SiteCspConfig } from './serve.ts';

/** A fresh app that serves the test site the way `createApp` does, with the given config. */
function serving(config: SiteCspConfig) {
  const site = createSiteHandler(createMemorySiteAssets(testSite), config);
  return new Hono<AppEnv>().get('*', (c) => site.get(c));
}

async function cspOf(config: SiteCspConfig, path = '/'): Promise<Map<string, string[]>> {
  const header = (await serving(config).request(path)).headers.get('content-security-policy') ?? '';
  return new Map(
    header.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const none: CspSources = { scriptSrc: [], styleSrc: [], fontSrc: [], imgSrc: [], connectSrc: [], frameSrc: [] };

describe.each([
  ['scriptSrc', 'script-src', 'https://cdn.example.net/lib'],
  ['styleSrc', 'style-src', 'https://styles.example.net'],
  ['fontSrc', 'font-src', 'https://fonts.example.net'],
  ['imgSrc', 'img-src', 'https://*.images.example.net'],
  ['connectSrc', 'connect-src', 'https://api.example.net:8443'],
  ['frameSrc', 'frame-src', 'https://video.example.net'],
] as const)('config.csp.%s', (key, directive, source) => {
  const config = { services: [], csp: { ...none, [key]: [source] } };

  it(`adds its source to ${directive} of a served page, and to no other directive`, async () => {
    const csp = await cspOf(config);
    expect(csp.get(directive)).toContain(source);
    const elsewhere = [...csp].filter(([name, sources]) => name !== directive && sources.includes(source));
    expect(elsewhere).toEqual([]);
  });

  it(`keeps ${directive} same-origin as well`, async () => {
    const csp = await cspOf(config);
    // frame-src has no 'self' (the site frames nothing of its own); the rest keep it.
    if (directive !== 'frame-src') expect(csp.get(directive)?.[0]).toBe("'self'");
    else expect(csp.get(directive)).toEqual([source]);
  });
});

describe('the site CSP without config.csp sources', () => {
  it('is, for the demo config, the services origins alone (as before config.csp existed)', async () => {
    // Memory assets carry no inline hashes; node-assets.test.ts checks those.
    const origins = demoConfig.services.flatMap((s) => s.origins).join(' ');
    const header = (await serving(demoConfig).request('/')).headers.get('content-security-policy');
    expect(header).toBe(
      `default-src 'self'; script-src 'self' ${origins}; style-src 'self'; ` +
        `img-src 'self' data: ${origins}; connect-src 'self' ${origins}; frame-src ${origins}; ` +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("frames nothing when no service or source allows it (frame-src 'none')", async () => {
    expect((await cspOf({ services: [], csp: none })).get('frame-src')).toEqual(["'none'"]);
  });

  it('is not set on assets that are not HTML', async () => {
    const res = await serving({ services: [], csp: { ...none, scriptSrc: ['https://cdn.example.net'] } }).request(
      '/favicon.svg',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});
