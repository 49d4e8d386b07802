import { type CandorConfig, parseConfig } from '@candor/config';
import { COLLECTED } from '@candor/definitions';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import {
  DEFAULT_LINKS,
  type PolicyLinks,
  policyPromises,
  renderAutomaticCollection,
  renderChangelog,
  renderContact,
  renderCookieCategories,
  renderCookieNotes,
  renderCookieSettings,
  renderCookieTable,
  renderMailingLists,
  renderPromiseSummary,
  renderRequestForm,
  renderRetentionTable,
  renderYourRights,
} from './index.ts';

const config = parseConfig(demo);
const ABSOLUTE: PolicyLinks = {
  privacy: 'https://acme.example/legal/privacy',
  cookies: 'https://acme.example/legal/cookies',
  requests: 'https://acme.example/legal/requests',
};

function dom(markup: string) {
  const document = new Window().document;
  document.body.innerHTML = markup;
  return document;
}

function everySection(c: CandorConfig, links: PolicyLinks): string {
  return [
    renderAutomaticCollection(c, links),
    renderCookieCategories(c, links),
    renderMailingLists(c, links),
    renderRetentionTable(c.retention, links),
    renderYourRights(links),
    renderContact(c.company),
    renderChangelog([{ date: new Date('2026-11-01T00:00:00Z'), summary: 'First.' }], 'en'),
    renderCookieTable(c),
    renderCookieNotes(c, links),
    renderCookieSettings(c),
    renderPromiseSummary(policyPromises(links)),
    renderRequestForm({ action: '/api/privacy-requests', jurisdiction: 'gdpr', locale: 'en' }),
  ].join('\n');
}

describe('the generated sections', () => {
  it('lists what the analytics collects from COLLECTED, with the page address as the config keeps it', () => {
    const kept = parseConfig({ ...demo, analytics: { ...config.analytics, keepQueryParams: ['q', 'utm_source'] } });
    const doc = dom(renderAutomaticCollection(kept, DEFAULT_LINKS));
    const terms = [...doc.querySelectorAll('dl.facts dt')].map((dt) => dt.textContent);
    expect(terms).toEqual(COLLECTED.map((item) => item.label));
    expect(doc.querySelector('dl.facts')?.textContent).toContain(
      'their address without its query string, except for q)',
    );
    expect(doc.body.innerHTML).not.toContain('{pageAddress}');
  });

  it('has a cookie table row per declared cookie, patterns shown as globs', () => {
    const doc = dom(renderCookieTable(config));
    const names = [...doc.querySelectorAll('tbody th code')].map((code) => code.textContent);
    expect(names).toEqual(expect.arrayContaining(['candor_consent', '_ga', '_ga_*']));
    expect(names).toHaveLength(config.services.reduce((n, s) => n + s.cookies.length, 0));
  });

  it('has a retention row per setting, with the period from the config', () => {
    const doc = dom(renderRetentionTable(config.retention, DEFAULT_LINKS));
    const consent = [...doc.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('Consent records'));
    expect(consent?.querySelector('td')?.textContent).toBe('5 years');
  });

  it('links to the pages the options name, never to hard-coded paths', () => {
    const doc = dom(everySection(config, ABSOLUTE));
    const hrefs = [...doc.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '');
    const pageLinks = hrefs.filter((href) => href.startsWith('/'));
    expect(pageLinks).toEqual([]);
    expect(hrefs).toContain('https://acme.example/legal/cookies#settings');
    expect(hrefs).toContain('https://acme.example/legal/requests#erase');
    expect(hrefs).toContain('https://acme.example/legal/privacy#collected-automatically');
  });

  it('escapes a hostile config string everywhere it appears', () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const evil = parseConfig({
      ...demo,
      company: { ...config.company, legalName: hostile, address: hostile },
      mailingLists: [{ id: 'news', name: hostile, description: hostile }],
      consent: {
        ...config.consent,
        categories: { ...config.consent.categories, marketing: { title: hostile, description: hostile } },
      },
      services: config.services.map((s) => ({
        ...s,
        name: hostile,
        provider: hostile,
        purpose: hostile,
        privacyPolicy: 'javascript:alert(1)',
        cookies: s.cookies.map((k) => ({ ...k, purpose: hostile, duration: hostile })),
      })),
    });
    const markup = everySection(evil, DEFAULT_LINKS);
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('javascript:');
    expect(markup).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(dom(markup).querySelectorAll('img')).toHaveLength(0);
  });
});
