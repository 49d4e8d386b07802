import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspSources } from './csp.ts';
import { gatedSources } from './gated-sources.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the gated sources of a built page', () => {
  const page = `<!doctype html><html><head><script>window.notGated = 1</script></head><body>
    <script type="text/plain" data-category="analytics" data-service="ga4" async src="https://www.googletagmanager.com/gtag/js?id=G-1&amp;l=x"></script>
    <script data-service="ga4" type="text/plain" data-category="analytics">gtag('config','G-1');</script>
    <script type="text/plain" data-category="marketing" src="/local/tag.js"></script>
    <script type="text/plain">not a gated tag: no category</script>
    <iframe data-src="https://www.youtube-nocookie.com/embed/x" data-category="marketing" data-service="youtube" title="Tour"></iframe>
    <iframe src="https://maps.example/embed" title="not gated"></iframe>
  </body></html>`;

  it('names the origin of each gated script and frame, and the hash of each gated inline script', () => {
    expect(gatedSources(page)).toEqual({
      scriptSrc: ['https://www.googletagmanager.com', sha("gtag('config','G-1');")],
      frameSrc: ['https://www.youtube-nocookie.com'],
    });
  });

  it('ends up in the policy the build writes', () => {
    const csp = cspSources('/*head*/', 'https://privacy.example.com', null, gatedSources(page));
    expect(csp.scriptSrc).toContain('https://www.googletagmanager.com');
    expect(csp.scriptSrc).toContain(sha("gtag('config','G-1');"));
    expect(csp.frameSrc).toEqual(['https://www.youtube-nocookie.com']);
    expect(csp.header).toContain('frame-src https://www.youtube-nocookie.com');
  });
});
