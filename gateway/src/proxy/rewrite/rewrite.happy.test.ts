import { describe, expect, it } from 'vitest';
import {
  GA4_SNIPPET,
  HEAD,
  HUBSPOT_LOADER,
  LEGACY_PAGE,
  META_PIXEL,
  options,
  rewrite,
  SELF,
  YOUTUBE_IFRAME,
} from './rewrite.fixtures.ts';

describe('createHtmlRewriter on an untagged legacy page', () => {
  it('puts the head snippet first in <head>, before every other script', async () => {
    const out = await rewrite(LEGACY_PAGE);
    expect(out.startsWith(`<!DOCTYPE html>\n<html lang="en">\n<head>${HEAD}\n<meta charset="utf-8">`)).toBe(true);
    expect(out.indexOf('<script')).toBe(out.indexOf(HEAD));
    expect(out.split(HEAD)).toHaveLength(2);
  });

  it('gates the GA4 loader and its inline gtag() config, keeping the loader’s src', async () => {
    const out = await rewrite(GA4_SNIPPET);
    expect(out).toContain(
      '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1" type="text/plain" data-category="analytics" data-service="ga4"></script>',
    );
    expect(out).toContain(
      '<script type="text/plain" data-category="analytics" data-service="ga4">\n  window.dataLayer = window.dataLayer || [];\n  function gtag(){dataLayer.push(arguments);}\n  gtag(\'js\', new Date());\n\n  gtag(\'config\', \'G-1\');\n</script>',
    );
  });

  it('gates the HubSpot loader: a protocol-relative src, its text/javascript type replaced', async () => {
    const out = await rewrite(HUBSPOT_LOADER);
    expect(out).toContain(
      '<script type="text/plain" id="hs-script-loader" async defer src="//js.hs-scripts.com/123.js" data-category="marketing" data-service="hubspot"></script>',
    );
    expect(out).not.toContain('text/javascript');
  });

  it('gates the Meta Pixel inline snippet, and empties its <noscript> pixel', async () => {
    const out = await rewrite(META_PIXEL);
    expect(out).toContain(
      '<script type="text/plain" data-category="marketing" data-service="meta-pixel">\n!function(f,b,e,v,n,t,s)',
    );
    expect(out).toContain("fbq('track', 'PageView');\n</script>");
    // Without JavaScript there is no banner to ask: the pixel is not in the page at all.
    expect(out).toContain('<noscript></noscript>');
    expect(out).not.toContain('https://www.facebook.com/tr?id=1234');
  });

  it('keeps a <noscript> that loads nothing from a gated service as it is', async () => {
    const html = '<body><noscript><p>Please turn on <b>JavaScript</b>.</p><img src="/own.png"></noscript></body>';
    expect(await rewrite(html)).toContain(
      '<noscript><p>Please turn on <b>JavaScript</b>.</p><img src="/own.png"></noscript>',
    );
  });

  it('turns a YouTube iframe into data-src, with its entities as written, and no src', async () => {
    const out = await rewrite(YOUTUBE_IFRAME);
    expect(out).toBe(
      '<script src="/candor.js" data-candor></script><iframe width="560" height="315" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay" allowfullscreen data-src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=x&amp;start=1" data-category="marketing" data-service="youtube"></iframe>',
    );
  });

  it('never gates a necessary service, by origin or by signature', async () => {
    const html = '<head><script src="https://js.stripe.com/v3/"></script><script>var s = Stripe("pk");</script></head>';
    expect(await rewrite(html)).toBe(`<head>${HEAD}${html.slice(6)}`);
  });

  it('leaves JSON-LD alone even when its text holds a signature', async () => {
    const html =
      '<head><script type="application/ld+json">{"x":"gtag(", "u":"https://www.googletagmanager.com"}</script></head>';
    expect(await rewrite(html)).toBe(`<head>${HEAD}${html.slice(6)}`);
  });

  it('gates a script already typed as a module, replacing its type', async () => {
    const out = await rewrite('<head><script type="module" src="https://connect.facebook.net/x.js"></script>');
    expect(out).toContain(
      '<script type="text/plain" src="https://connect.facebook.net/x.js" data-category="marketing" data-service="meta-pixel">',
    );
  });

  it('claims subdomains through a wildcard origin', async () => {
    const out = await rewrite(
      '<head><script src="https://js-eu1.hubspot.com/a.js"></script><script src="https://hubspot.com/b.js"></script>',
    );
    expect(out).toContain(
      'src="https://js-eu1.hubspot.com/a.js" type="text/plain" data-category="marketing" data-service="hubspot"',
    );
    expect(out).toContain('<script src="https://hubspot.com/b.js"></script>');
  });
});

describe('unknown third-party origins', () => {
  it('are reported once per origin per document, first-party and claimed ones never', async () => {
    const seen: string[] = [];
    const html = `<head><script src="https://cdn.unknown.test/a.js"></script><script src="https://cdn.unknown.test/b.js"></script>
<script src="/local.js"></script><script src="${SELF}/abs.js"></script><script src="https://js.stripe.com/v3/"></script>
<iframe src="https://maps.unknown.test/embed"></iframe><script src="data:text/javascript,1"></script></head>`;
    const out = await rewrite(html, options({ onUnknownOrigin: (origin) => seen.push(origin) }));
    expect(seen).toEqual(['https://cdn.unknown.test', 'https://maps.unknown.test']);
    expect(out).toBe(`<head>${HEAD}${html.slice(6)}`);
    seen.length = 0;
    await rewrite(html, options({ onUnknownOrigin: (origin) => seen.push(origin) }));
    expect(seen).toHaveLength(2);
  });

  it('resolve relative sources against the page’s first <base href>', async () => {
    const seen: string[] = [];
    await rewrite(
      '<head><base href="https://cdn.other.test/"><base href="/"><script src="app.js"></script>',
      options({ onUnknownOrigin: (o) => seen.push(o) }),
    );
    expect(seen).toEqual(['https://cdn.other.test']);
  });

  it('a throwing report does not break the page', async () => {
    const html = '<script src="https://cdn.unknown.test/a.js"></script>';
    const out = await rewrite(
      html,
      options({
        onUnknownOrigin: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(out).toBe(`${HEAD}${html}`);
  });
});
