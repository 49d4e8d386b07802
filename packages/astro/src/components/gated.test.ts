// <GatedScript> and <GatedFrame>, rendered with Astro's container API: the inert markup the banner
// (packages/consent/src/gate.ts) activates, and the build errors for tags that could never run.
import { fileURLToPath } from 'node:url';
import type { CandorConfig } from '@candor/config';
import { loadConfigFile } from '@candor/config/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, type Renderer } from './test-render.ts';

const demo: CandorConfig = await loadConfigFile(
  fileURLToPath(new URL('../../../../candor.config.ts', import.meta.url)),
);
let r: Renderer;
beforeAll(async () => {
  r = await createRenderer();
}, 60_000);
afterAll(() => r?.close());

describe.each([
  ['with the config', demo],
  ['without a config (gateway mode)', null],
])('<GatedScript> %s', (_, config) => {
  beforeAll(() => r.useConfig(config));

  it('writes the demo site’s gated tags, attribute for attribute', async () => {
    const ga4 = await r.render('GatedScript', {
      props: {
        category: 'analytics',
        service: 'ga4',
        async: true,
        src: 'https://www.googletagmanager.com/gtag/js?id=G-X',
      },
    });
    expect(ga4).toBe(
      '<script type="text/plain" data-category="analytics" data-service="ga4" async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>',
    );
    const hubspot = await r.render('GatedScript', {
      props: {
        category: 'marketing',
        service: 'hubspot',
        id: 'hs-script-loader',
        async: true,
        defer: true,
        src: 'https://js.hs-scripts.com/0.js',
      },
    });
    expect(hubspot).toBe(
      '<script type="text/plain" data-category="marketing" data-service="hubspot" id="hs-script-loader" async defer src="https://js.hs-scripts.com/0.js"></script>',
    );
  });

  it('writes inline code from the code prop unescaped, and omits the attributes not given', async () => {
    const code = `gtag('js',new Date());if(a<b&&c>d){gtag("config","G-X")}`;
    expect(await r.render('GatedScript', { props: { category: 'analytics', code } })).toBe(
      `<script type="text/plain" data-category="analytics">${code}</script>`,
    );
  });

  it('takes inline code from the default slot', async () => {
    const html = await r.render('GatedScript', {
      props: { category: 'marketing', service: 'hubspot' },
      slots: { default: 'window.hs = 1;' },
    });
    expect(html).toBe(
      '<script type="text/plain" data-category="marketing" data-service="hubspot">window.hs = 1;</script>',
    );
  });

  it('escapes attribute values', async () => {
    const html = await r.render('GatedScript', {
      props: { category: 'analytics', src: 'https://x.test/a.js?q="><script>alert(1)</script>', id: 'a"b' },
    });
    // The quote is escaped, so the value cannot end early; a `<` inside a quoted value is only text.
    expect(html).toBe(
      '<script type="text/plain" data-category="analytics" id="a&#34;b" src="https://x.test/a.js?q=&#34;><script>alert(1)</script>"></script>',
    );
  });

  it.each([
    [
      { category: 'ads', src: 'https://x.test/a.js' },
      /category "ads" is not a consent category; use one of necessary, preferences, analytics, marketing/,
    ],
    [{ category: 'analytics' }, /give src or inline code/],
    [{ category: 'analytics', code: '  ' }, /give src or inline code/],
    [{ category: 'analytics', src: 'https://x.test/a.js', code: 'x()' }, /not both/],
    [{ category: 'analytics', src: 'javascript:alert(1)' }, /must be an http\(s\) or relative URL/],
    [{ category: 'analytics', code: 'x("</script><script>alert(1)")' }, /would end the script early/],
    [{ category: 'analytics', code: 'x("<!--")' }, /would end the script early/],
  ])('rejects %o at build time', async (props, message) => {
    await expect(r.render('GatedScript', { props })).rejects.toThrow(message);
  });
});

describe('<GatedScript> checks services against the config', () => {
  beforeAll(() => r.useConfig(demo));

  it('rejects a service the config does not list, naming the ones it does', async () => {
    await expect(
      r.render('GatedScript', { props: { category: 'analytics', service: 'ga5', src: '/a.js' } }),
    ).rejects.toThrow(
      '<GatedScript>: service "ga5" is not in the Candor config\'s services (candor, ga4, hubspot, youtube).',
    );
  });

  it('rejects a service filed under another category', async () => {
    await expect(
      r.render('GatedScript', { props: { category: 'analytics', service: 'hubspot', src: '/a.js' } }),
    ).rejects.toThrow('service "hubspot" is in category "marketing" in the Candor config, not "analytics"');
  });

  it('accepts any service without a config, where the services are not known at build time', async () => {
    await r.useConfig(null);
    const html = await r.render('GatedScript', { props: { category: 'analytics', service: 'ga5', src: '/a.js' } });
    expect(html).toContain('data-service="ga5"');
    await r.useConfig(demo);
  });
});

describe('<GatedFrame>', () => {
  beforeAll(() => r.useConfig(demo));
  const tour = {
    src: 'https://www.youtube-nocookie.com/embed/x?a=1&b=2',
    category: 'marketing',
    service: 'youtube',
    title: 'Product tour',
  };

  it('writes no src, only data-src with the category and service the placeholder reads', async () => {
    const html = await r.render('GatedFrame', {
      props: { ...tour, width: 560, height: 315, allow: 'encrypted-media; picture-in-picture', allowfullscreen: true },
    });
    expect(html).toBe(
      '<iframe data-src="https://www.youtube-nocookie.com/embed/x?a=1&b=2" data-category="marketing" data-service="youtube" title="Product tour" loading="lazy" width="560" height="315" allow="encrypted-media; picture-in-picture" allowfullscreen></iframe>',
    );
    expect(html).not.toMatch(/\ssrc=/);
  });

  it('passes other attributes through, escaped, and lets loading be eager', async () => {
    const html = await r.render('GatedFrame', {
      props: { ...tour, title: 'Tour "2"', loading: 'eager', class: 'video', referrerpolicy: 'no-referrer' },
    });
    expect(html).toContain('title="Tour &#34;2&#34;" loading="eager" class="video" referrerpolicy="no-referrer"');
  });

  it.each([
    [{ ...tour, category: 'video' }, /category "video" is not a consent category/],
    [{ ...tour, service: 'vimeo' }, /<GatedFrame>: service "vimeo" is not in the Candor config/],
    [{ ...tour, category: 'analytics' }, /service "youtube" is in category "marketing"/],
    [{ ...tour, src: 'javascript:alert(document.cookie)' }, /must be an http\(s\) or relative URL/],
    [{ ...tour, title: ' ' }, /title must name the frame/],
  ])('rejects %o at build time', async (props, message) => {
    await expect(r.render('GatedFrame', { props })).rejects.toThrow(message);
  });
});
