// candor-csp.json: the hash a browser computes for the head script, and the origins it needs.
import { webcrypto } from 'node:crypto';
import type { CandorConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { cspSources, scriptHash } from './csp.ts';

const config = {
  services: [{ origins: ['https://www.googletagmanager.com'] }, { origins: ['https://js.hs-scripts.com'] }],
  csp: {
    scriptSrc: [],
    styleSrc: ['https://fonts.example'],
    fontSrc: ['https://fonts.example'],
    imgSrc: [],
    connectSrc: [],
    frameSrc: [],
  },
} as unknown as CandorConfig;

describe('the CSP sources', () => {
  it("hash the script's UTF-8 text with SHA-256, as a browser does for script-src", async () => {
    const script = "w.gtag('consent','default',{});/* é ✓ */";
    const digest = await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(script));
    expect(scriptHash(script)).toBe(`'sha256-${Buffer.from(digest).toString('base64')}'`);
  });

  it('same origin: the hash, self for the API, and the services', () => {
    const csp = cspSources('x', undefined, config);
    expect(csp.scriptSrc).toEqual([scriptHash('x'), 'https://www.googletagmanager.com', 'https://js.hs-scripts.com']);
    expect(csp.connectSrc[0]).toBe("'self'");
    expect(csp.styleSrc).toEqual(['https://fonts.example']);
    expect(csp.frameSrc).toEqual(['https://www.googletagmanager.com', 'https://js.hs-scripts.com']);
    expect(csp.header).toContain(`script-src 'self' ${scriptHash('x')} https://www.googletagmanager.com`);
    expect(csp.header).toContain("font-src 'self' https://fonts.example");
  });

  it('gateway mode without a config: the hash and the gateway, no frames', () => {
    const csp = cspSources('x', 'https://gw.example', null);
    expect(csp).toEqual({
      scriptSrc: [scriptHash('x'), 'https://gw.example'],
      connectSrc: ['https://gw.example'],
      styleSrc: ['https://gw.example'],
      imgSrc: [],
      frameSrc: [],
      header: expect.stringContaining("frame-src 'none'"),
    });
  });
});
