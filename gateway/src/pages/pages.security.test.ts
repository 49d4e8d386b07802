import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { demoConfig, testApp } from '../testing.ts';
import { pagesCsp } from './csp.ts';

const PAGES = ['/privacy', '/cookies', '/privacy/requests'];

const branded = parseConfig({
  ...demoConfig,
  branding: { logoUrl: 'https://cdn.acme.example/logo.svg', stylesheetUrl: 'https://style.acme.example/site.css' },
});

describe("Candor's own pages: CSP and escaping", () => {
  it.each(PAGES)('%s has a strict CSP with no unsafe-inline and no inline script or style', async (path) => {
    const res = await testApp().app.request(path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const body = await res.text();
    expect(body).not.toMatch(/<style|style="|<script(?![^>]*\bsrc=)/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('the CSP names the logo and stylesheet origins, and only those', () => {
    const csp = pagesCsp(branded);
    expect(csp).toContain("style-src 'self' https://style.acme.example;");
    expect(csp).toContain("img-src 'self' data: https://cdn.acme.example;");
  });

  it('a hostile company name and service text are escaped on every page', async () => {
    const hostile = '<script>alert(1)</script>';
    const config = parseConfig({
      ...demoConfig,
      company: { ...demoConfig.company, name: hostile, legalName: `"><img src=x onerror=alert(1)>` },
      services: demoConfig.services.map((s) => ({ ...s, purpose: hostile, privacyPolicy: 'javascript:alert(1)' })),
    });
    const { app } = testApp({ config });
    for (const path of PAGES) {
      const body = await (await app.request(path)).text();
      expect(body, path).not.toContain(hostile);
      expect(body, path).not.toContain('<img src=x');
      expect(body, path).not.toContain('javascript:');
    }
  });
});
