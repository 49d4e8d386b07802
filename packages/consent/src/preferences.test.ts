// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoConfig, stored } from './test-fixtures.ts';
import {
  banner,
  beacons,
  boot,
  byName,
  checkbox,
  clearCookies,
  consentCookie,
  dialog,
  flush,
  mockBeacon,
  page,
  setCookie,
} from './test-page.ts';

let beacon: ReturnType<typeof mockBeacon>;
beforeEach(() => {
  beacon = mockBeacon();
  clearCookies();
});
afterEach(() => vi.restoreAllMocks());

async function openFromBanner(): Promise<HTMLDialogElement> {
  await boot();
  byName(banner(), 'Customize').click();
  await flush();
  const el = dialog();
  if (!el) throw new Error('no preference centre');
  return el;
}

const boxes = () =>
  Object.fromEntries(
    ['Strictly necessary', 'Candor', 'Preferences', 'Analytics', 'Google Analytics 4', 'Marketing', 'HubSpot'].map(
      (name) => [name, checkbox(name).checked],
    ),
  );

const press = (key: string, shiftKey = false) =>
  document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));

describe('the preference centre', () => {
  it('is a modal dialog labelled by its heading', async () => {
    page();
    const el = await openFromBanner();
    expect(el.tagName).toBe('DIALOG');
    expect(el.getAttribute('role')).toBe('dialog');
    expect(el.getAttribute('aria-modal')).toBe('true');
    const heading = document.getElementById(el.getAttribute('aria-labelledby') ?? '');
    expect(heading?.tagName).toBe('H2');
    expect(heading?.textContent).toBe('Cookie settings');
    expect(el.contains(document.activeElement)).toBe(true);
  });

  it('lists every category and service; only necessary is on, and fixed, without a stored choice', async () => {
    page();
    await openFromBanner();
    expect(boxes()).toEqual({
      'Strictly necessary': true,
      Candor: true,
      Preferences: false,
      Analytics: false,
      'Google Analytics 4': false,
      Marketing: false,
      HubSpot: false,
    });
    expect(checkbox('Strictly necessary').disabled).toBe(true);
    expect(checkbox('Candor').disabled).toBe(true);
    expect(checkbox('Analytics').disabled).toBe(false);
    expect(dialog()?.textContent).toContain('Always on');
  });

  it('reflects the stored choice', async () => {
    page();
    setCookie(stored({ c: ['necessary', 'analytics', 'marketing'], s: ['candor', 'ga4'] }));
    await boot();
    window.candor?.consent?.showPreferences();
    await flush();
    expect(boxes()).toMatchObject({
      Preferences: false,
      Analytics: true,
      'Google Analytics 4': true,
      Marketing: true,
      HubSpot: false,
    });
  });

  it.each([
    ['en', 'Config text: analytics.', 'Analytics'],
    ['de', 'Helfen uns zu verstehen, wie die Website genutzt wird.', 'Statistik'],
  ])('in %s, describes categories with %s', async (lang, description, title) => {
    page({ lang });
    await boot();
    window.candor?.consent?.showPreferences();
    await flush();
    const box = checkbox(title);
    expect(document.getElementById(box.getAttribute('aria-describedby') ?? '')?.textContent).toBe(description);
  });

  describe('toggles', () => {
    it('a category switches all its services on and off', async () => {
      page();
      await openFromBanner();
      checkbox('Analytics').click();
      expect(checkbox('Google Analytics 4').checked).toBe(true);
      checkbox('Analytics').click();
      expect(checkbox('Google Analytics 4').checked).toBe(false);
    });

    it('ticking a service ticks its category', async () => {
      page();
      await openFromBanner();
      checkbox('HubSpot').click();
      expect(checkbox('Marketing').checked).toBe(true);
    });

    it('unticking a service, even the last, leaves its category on', async () => {
      page();
      await openFromBanner();
      checkbox('Analytics').click();
      checkbox('Google Analytics 4').click();
      expect(checkbox('Analytics').checked).toBe(true);
      byName(dialog(), 'Save choices').click();
      expect(consentCookie()).toMatchObject({ c: ['necessary', 'analytics'], s: ['candor'] });
    });
  });

  it('"Save choices" records exactly the ticked boxes as a custom choice and closes both layers', async () => {
    page();
    await openFromBanner();
    checkbox('Preferences').click();
    checkbox('HubSpot').click();
    byName(dialog(), 'Save choices').click();
    expect(dialog()).toBeNull();
    expect(banner()).toBeNull();
    const [record] = await beacons(beacon);
    expect(record).toMatchObject({
      action: 'custom',
      granted: ['necessary', 'candor', 'preferences', 'marketing', 'hubspot'],
      denied: ['analytics', 'ga4'],
    });
  });

  it.each([
    ['Accept all', 'accept_all', ['necessary', 'preferences', 'analytics', 'marketing']],
    ['Reject all', 'reject_all', ['necessary']],
  ])('"%s" in the centre records %s, whatever is ticked', async (name, action, categories) => {
    page();
    await openFromBanner();
    checkbox('Analytics').click();
    byName(dialog(), name).click();
    expect((await beacons(beacon))[0]?.action).toBe(action);
    expect(consentCookie()?.c).toEqual(categories);
    expect(dialog()).toBeNull();
  });

  it('links the consent record of a lapsed choice too', async () => {
    page();
    setCookie(stored({ r: '2020-01-01', id: 'old-id' }));
    await openFromBanner();
    expect(byName(dialog(), 'Download my consent record').getAttribute('href')).toBe('/api/consent/old-id?download=1');
  });

  it('links the consent record download once there is a consent id', async () => {
    page();
    await openFromBanner();
    expect(() => byName(dialog(), 'Download my consent record')).toThrow();
    byName(dialog(), 'Reject all').click();
    window.candor?.consent?.showPreferences();
    await flush();
    const id = consentCookie()?.id;
    expect(byName(dialog(), 'Download my consent record').getAttribute('href')).toBe(`/api/consent/${id}?download=1`);
  });

  it('links the record on the endpoint, so a banner from the gateway on another origin links the gateway', async () => {
    page({ config: demoConfig({ endpoint: 'https://gw.example/api/consent' }) });
    setCookie(stored({ id: 'abs-id' }));
    await boot();
    window.candor?.consent?.showPreferences();
    await flush();
    expect(byName(dialog(), 'Download my consent record').getAttribute('href')).toBe(
      'https://gw.example/api/consent/abs-id?download=1',
    );
  });

  describe('keyboard', () => {
    it('keeps Tab inside: from the last control to the first, and back with Shift+Tab', async () => {
      page();
      const el = await openFromBanner();
      const focusable = [...el.querySelectorAll<HTMLElement>('a,button,input:not(:disabled)')];
      const [first, last] = [focusable[0], focusable[focusable.length - 1]];
      expect(document.activeElement).toBe(first);
      last?.focus();
      press('Tab');
      expect(document.activeElement).toBe(first);
      press('Tab', true);
      expect(document.activeElement).toBe(last);
    });

    it('closes on Esc without recording anything, focus back on the opener', async () => {
      page({ body: '<a href="/cookies#settings" data-candor-preferences>Cookie settings</a>' });
      setCookie(stored());
      await boot();
      const link = byName(document.body, 'Cookie settings');
      link.focus();
      link.click();
      await flush();
      expect(dialog()?.open).toBe(true);
      press('Escape');
      expect(dialog()).toBeNull();
      expect(document.activeElement).toBe(link);
      expect(beacon).not.toHaveBeenCalled();
    });

    it('closes with its close button', async () => {
      page();
      await openFromBanner();
      byName(dialog(), 'Close').click();
      expect(dialog()).toBeNull();
    });
  });

  it.each([
    ['a link', '<a href="/cookies#settings" data-candor-preferences>Cookie settings</a>'],
    ['a button', '<button type="button" data-candor-preferences><span>Cookie settings</span></button>'],
  ])('opens from %s marked data-candor-preferences, instead of following it', async (_, html) => {
    page({ body: html });
    setCookie(stored());
    await boot();
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    (
      document.querySelector('[data-candor-preferences] span') ?? document.querySelector('[data-candor-preferences]')
    )?.dispatchEvent(event);
    await flush();
    expect(event.defaultPrevented).toBe(true);
    expect(dialog()?.open).toBe(true);
  });

  it('does nothing for other clicks', async () => {
    page({ body: '<a href="#x" id="plain">plain</a>' });
    setCookie(stored());
    await boot();
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.getElementById('plain')?.dispatchEvent(event);
    await flush();
    expect(event.defaultPrevented).toBe(false);
    expect(dialog()).toBeNull();
  });
});

it('has no inline styles anywhere it renders', async () => {
  page({ config: demoConfig() });
  await openFromBanner();
  expect(document.querySelectorAll('[style]')).toHaveLength(0);
});
