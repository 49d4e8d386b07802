// <CookieTable>, <PolicySections> and <PrivacyRequestForm>, rendered with Astro's container API:
// the same HTML as the gateway's own pages, with links and defaults from the config.
import { fileURLToPath } from 'node:url';
import type { CandorConfig } from '@candor/config';
import { loadConfigFile } from '@candor/config/node';
import { POLICY_SECTIONS, renderCookieTable, renderRequestForm } from '@candor/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComponentName, createRenderer, type Renderer } from './test-render.ts';

const demo: CandorConfig = await loadConfigFile(
  fileURLToPath(new URL('../../../../candor.config.ts', import.meta.url)),
);
let r: Renderer;
beforeAll(async () => {
  r = await createRenderer();
}, 60_000);
afterAll(() => r?.close());

/** The ids of the rendered policy sections, in document order. */
const sectionIds = (html: string) =>
  [...html.matchAll(/<section class="policy-section" id="([^"]+)"/g)].map((m) => m[1]);

describe.each<ComponentName>(['CookieTable', 'PolicySections', 'PrivacyRequestForm'])(
  '<%s> without a config',
  (name) => {
    it('stops the build and says how to give the integration a config', async () => {
      await r.useConfig(null);
      await expect(r.render(name)).rejects.toThrow(
        `<${name}> renders from the Candor config, but the candor() integration has none: pass candor({ config: './candor.config.ts' })`,
      );
    });
  },
);

describe('<CookieTable>', () => {
  it('is the gateway’s cookie table for the config', async () => {
    await r.useConfig(demo);
    expect(await r.render('CookieTable')).toBe(renderCookieTable(demo));
  });

  it('escapes config values', async () => {
    const [first, ...rest] = demo.services;
    if (!first) throw new Error('the demo config has no services');
    await r.useConfig({ ...demo, services: [{ ...first, name: '<img src=x onerror=alert(1)>' }, ...rest] });
    const html = await r.render('CookieTable');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});

describe('<PolicySections>', () => {
  beforeAll(() => r.useConfig(demo));

  it('renders every generated section, in POLICY_SECTIONS order, with its id', async () => {
    expect(sectionIds(await r.render('PolicySections'))).toEqual(Object.values(POLICY_SECTIONS).map((s) => s.id));
  });

  it('links to the config’s pages by default, and to the pages it is given', async () => {
    const own = await r.render('PolicySections');
    expect(own).toContain(`href="${demo.pages.requests}#erase"`);
    expect(own).toContain(`href="${demo.pages.cookies}"`);
    const moved = await r.render('PolicySections', {
      props: { links: { requests: 'https://privacy.example.com/privacy/requests' } },
    });
    expect(moved).toContain('href="https://privacy.example.com/privacy/requests#erase"');
    expect(moved).not.toContain(`href="${demo.pages.requests}#erase"`);
    expect(moved).toContain(`href="${demo.pages.cookies}"`);
  });

  it('writes the change log newest first, in the language it is given', async () => {
    const changelog = [
      { date: new Date('2026-01-15T00:00:00Z'), summary: 'First <published> version.' },
      { date: new Date('2026-03-01T00:00:00Z'), summary: 'Added YouTube.' },
    ];
    const html = await r.render('PolicySections', { props: { changelog, lang: 'de', only: ['changes'] } });
    expect(html.indexOf('Added YouTube.')).toBeLessThan(html.indexOf('First &lt;published&gt; version.'));
    expect(html).toContain('<time datetime="2026-03-01">1. März 2026</time>');
  });

  it('renders only the sections asked for, still in page order', async () => {
    const html = await r.render('PolicySections', { props: { only: ['contact', 'rights'] } });
    expect(sectionIds(html)).toEqual([POLICY_SECTIONS.rights.id, POLICY_SECTIONS.contact.id]);
  });

  it('rejects a section it does not have', async () => {
    await expect(r.render('PolicySections', { props: { only: ['faq'] } })).rejects.toThrow(
      '<PolicySections>: unknown section "faq"; the sections are collected, cookies, email, retention, rights, contact, changes.',
    );
  });
});

describe('<PrivacyRequestForm>', () => {
  beforeAll(() => r.useConfig(demo));
  const form = (html: string) => html.slice(0, html.indexOf('<script'));

  it('is the gateway’s form, posting to /api/privacy-requests with the config’s jurisdiction and first locale', async () => {
    const html = await r.render('PrivacyRequestForm');
    expect(form(html)).toBe(
      renderRequestForm({
        action: '/api/privacy-requests',
        jurisdiction: demo.privacyRequests.jurisdiction,
        locale: 'en',
      }),
    );
  });

  it('posts to a gateway on another origin, with the jurisdiction and locale it is given', async () => {
    const action = 'https://privacy.example.com/api/privacy-requests';
    const html = await r.render('PrivacyRequestForm', { props: { action, jurisdiction: 'ccpa', locale: 'de' } });
    expect(form(html)).toBe(renderRequestForm({ action, jurisdiction: 'ccpa', locale: 'de' }));
  });

  it('rejects an action the form would not post to', async () => {
    await expect(r.render('PrivacyRequestForm', { props: { action: 'javascript:alert(1)' } })).rejects.toThrow(
      '<PrivacyRequestForm>: action "javascript:alert(1)" must be a path starting with /',
    );
  });

  it('adds the enhancement script as a module Astro bundles', async () => {
    const html = await r.render('PrivacyRequestForm');
    const src =
      /<script type="module" src="([^"]+PrivacyRequestForm\.astro\?astro&(?:amp;)?type=script[^"]*)"><\/script>$/.exec(
        html,
      )?.[1];
    expect(src).toBeDefined();
    const code = await r.transform((src ?? '').replaceAll('&amp;', '&'));
    expect(code).toMatch(/import \{ enhanceRequestForm \} from "[^"]*\/privacy-request-form\.ts"/);
    expect(code).toContain('enhanceRequestForm(form)');
  });
});
