// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { start } from './start.ts';
import { demoConfig, stored } from './test-fixtures.ts';
import { banner, boot, byName, clearCookies, dialog, flush, mockBeacon, page, setCookie } from './test-page.ts';

beforeEach(() => {
  mockBeacon();
  clearCookies();
});
afterEach(() => vi.restoreAllMocks());

describe('the first layer', () => {
  it('waits for its stylesheet, added to <head>, before it shows', async () => {
    page();
    start();
    const link = document.head.querySelector<HTMLLinkElement>('link[rel=stylesheet]');
    expect(link?.getAttribute('href')).toBe('/_astro/consent.css');
    expect(banner()).toBeNull();
    link?.dispatchEvent(new Event('error'));
    await flush();
    expect(banner()).not.toBeNull();
  });

  it('is a labelled, non-modal dialog fixed at the end of <body>', async () => {
    page();
    await boot();
    const el = banner();
    expect(el?.getAttribute('role')).toBe('dialog');
    expect(el?.getAttribute('aria-label')).toBe('Cookie consent');
    expect(el?.hasAttribute('aria-modal')).toBe(false);
    expect(el?.classList.contains('candor')).toBe(true);
    expect(document.body.lastElementChild).toBe(el);
    expect(el?.hasAttribute('style')).toBe(false);
  });

  it('offers accept, reject and customise as three buttons of one class', async () => {
    page();
    await boot();
    const buttons = [...(banner()?.querySelectorAll('button') ?? [])];
    expect(buttons.map((b) => b.textContent)).toEqual(['Accept all', 'Reject all', 'Customize']);
    expect(new Set(buttons.map((b) => b.className))).toEqual(new Set(['candor-btn']));
    expect(buttons.every((b) => b.type === 'button')).toBe(true);
  });

  it('links the privacy and cookie policies from the config', async () => {
    page({ config: demoConfig({ links: { privacy: '/en/privacy', cookies: '/en/cookies' } }) });
    await boot();
    expect(byName(banner(), 'Privacy policy').getAttribute('href')).toBe('/en/privacy');
    expect(byName(banner(), 'Cookie policy').getAttribute('href')).toBe('/en/cookies');
  });

  it('takes focus when it appears and gives it back when it closes', async () => {
    page();
    document.getElementById('before')?.focus();
    await boot();
    expect(document.activeElement).toBe(banner());
    byName(banner(), 'Reject all').click();
    expect(banner()).toBeNull();
    expect(document.activeElement?.id).toBe('before');
  });

  it.each([
    ['no stored choice', undefined, true],
    ['a valid choice', stored(), false],
    ['a choice under another revision', stored({ r: '2020-01-01' }), true],
    ['an expired choice', stored({ t: Math.floor(Date.now() / 1000) - 200 * 86_400 }), true],
    ['an unparsable cookie', '{"v":1,', true],
  ])('with %s, shows: %s', async (_, value, shown) => {
    page();
    if (value) setCookie(value);
    await boot();
    expect(banner() !== null).toBe(shown);
  });

  it('"Customize" opens the preference centre over it; Esc there returns to "Customize"', async () => {
    page();
    await boot();
    const customize = byName(banner(), 'Customize');
    customize.focus();
    customize.click();
    await flush();
    expect(dialog()?.open).toBe(true);
    dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dialog()).toBeNull();
    expect(banner()).not.toBeNull();
    expect(document.activeElement).toBe(customize);
  });
});

describe('languages', () => {
  it.each([
    ['de', 'Cookie-Einwilligung', ['Alle akzeptieren', 'Alle ablehnen', 'Anpassen'], 'ltr'],
    ['fr-FR', 'Consentement aux cookies', ['Tout accepter', 'Tout refuser', 'Personnaliser'], 'ltr'],
    ['es', 'Consentimiento de cookies', ['Aceptar todas', 'Rechazar todas', 'Personalizar'], 'ltr'],
    ['ar', 'الموافقة على ملفات تعريف الارتباط', ['قبول الكل', 'رفض الكل', 'تخصيص'], 'rtl'],
    ['pt', 'Cookie consent', ['Accept all', 'Reject all', 'Customize'], 'ltr'],
  ])('<html lang="%s"> → %s', async (lang, label, buttons, dir) => {
    page({ lang });
    await boot();
    expect(banner()?.getAttribute('aria-label')).toBe(label);
    expect([...(banner()?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toEqual(buttons);
    expect(banner()?.getAttribute('dir')).toBe(dir);
    byName(banner(), buttons[2] ?? '').click();
    await flush();
    expect(dialog()?.getAttribute('dir')).toBe(dir);
  });
});
