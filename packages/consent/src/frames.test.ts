// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stored } from './test-fixtures.ts';
import {
  beacons,
  boot,
  byName,
  checkbox,
  clearCookies,
  consentCookie,
  flush,
  mockBeacon,
  page,
  setCookie,
  setGpc,
} from './test-page.ts';

const VIDEO = 'https://www.youtube-nocookie.com/embed/x';
const FRAME = `<iframe data-src="${VIDEO}" data-category="marketing" data-service="hubspot"></iframe>`;
const placeholder = () => document.querySelector('.candor-ph');
const frameSrc = () => document.querySelector('iframe')?.getAttribute('src');
/** The last `gtag('consent', 'update', …)` signals, or undefined when there was none. */
const lastSignals = () =>
  (window.dataLayer ?? [])
    .map((args) => [...(args as IArguments)])
    .filter(([cmd, kind]) => cmd === 'consent' && kind === 'update')
    .at(-1)?.[2] as Record<string, string> | undefined;

let beacon: ReturnType<typeof mockBeacon>;
beforeEach(() => {
  beacon = mockBeacon();
  vi.spyOn(location, 'reload').mockImplementation(() => {});
  clearCookies();
  setGpc(undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('a gated frame’s placeholder', () => {
  it('names the one service, says only it is turned on, and offers "Load once" beside "Always allow"', async () => {
    page({ body: FRAME });
    await boot();
    expect(placeholder()?.querySelector('p')?.textContent).toBe(
      'This content may set cookies. Always allowing it turns on only: HubSpot',
    );
    expect([...(placeholder()?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toEqual([
      'Load once',
      'Always allow',
    ]);
  });

  it('offers only "Load once" for a frame that names no service: its category is never granted from here', async () => {
    page({ body: `<iframe data-src="${VIDEO}" data-category="marketing"></iframe>` });
    await boot();
    expect(placeholder()?.textContent).toBe('This content may set cookies.Load once');
    byName(placeholder(), 'Load once').click();
    expect(frameSrc()).toBe(VIDEO);
    expect(beacon).not.toHaveBeenCalled();
  });
});

describe('"Always allow" on a frame', () => {
  it('grants that one service, never its category or a Consent Mode signal, on this page and the next', async () => {
    page({ body: FRAME });
    setCookie(stored({ c: ['necessary', 'analytics'], s: ['candor', 'ga4'] }));
    await boot();
    byName(placeholder(), 'Always allow').click();
    expect(consentCookie()).toMatchObject({ c: ['necessary', 'analytics'], s: ['candor', 'ga4', 'hubspot'] });
    const [record] = await beacons(beacon);
    expect(record).toMatchObject({ action: 'custom' });
    expect(record?.granted).toEqual(['necessary', 'candor', 'analytics', 'ga4', 'hubspot']);
    expect(record?.denied).toEqual(['preferences', 'marketing']);
    expect(lastSignals()).toMatchObject({ ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });
    expect(frameSrc()).toBe(VIDEO);
    expect(placeholder()).toBeNull();

    // The next page: the frame loads at once, and Consent Mode still denies every ad signal.
    page({ body: FRAME });
    await boot();
    expect(frameSrc()).toBe(VIDEO);
    expect(placeholder()).toBeNull();
    expect(lastSignals()).toMatchObject({ ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });
  });

  it('does not run the category’s other scripts', async () => {
    page({ body: `${FRAME}<script type="text/plain" data-category="marketing">own marketing</script>` });
    await boot();
    byName(placeholder(), 'Always allow').click();
    expect(document.querySelector('script[data-category=marketing]')?.getAttribute('type')).toBe('text/plain');
  });

  it('survives the preference centre: it shows the service alone, and saving it unchanged grants no category', async () => {
    page({ body: FRAME });
    await boot();
    byName(placeholder(), 'Always allow').click();
    window.candor?.consent?.showPreferences();
    await flush();
    expect([checkbox('Marketing').checked, checkbox('HubSpot').checked]).toEqual([false, true]);
    byName(document.getElementById('candor-preferences'), 'Save choices').click();
    expect(consentCookie()).toMatchObject({ c: ['necessary'], s: ['candor', 'hubspot'] });
    expect(lastSignals()).toMatchObject({ ad_storage: 'denied' });
  });

  it('is withdrawn by "Reject all": the frame unloads and its placeholder comes back', async () => {
    page({ body: FRAME });
    await boot();
    byName(placeholder(), 'Always allow').click();
    window.candor?.consent?.set({});
    expect(frameSrc()).toBe('about:blank');
    expect(placeholder()).not.toBeNull();
    expect((await beacons(beacon)).at(-1)?.action).toBe('withdraw');
  });
});

describe('"Load once" on a frame', () => {
  it('loads it on this page only: no record, no cookie, no Consent Mode update', async () => {
    page({ body: FRAME });
    await boot();
    byName(placeholder(), 'Load once').click();
    expect(frameSrc()).toBe(VIDEO);
    expect(placeholder()).toBeNull();
    expect(beacon).not.toHaveBeenCalled();
    expect(consentCookie()).toBeUndefined();
    expect(lastSignals()).toBeUndefined();
    // The banner still asks: loading once answered nothing.
    expect(document.getElementById('candor-consent')).not.toBeNull();

    page({ body: FRAME });
    await boot();
    expect(frameSrc()).toBeNull();
    expect(placeholder()).not.toBeNull();
  });

  it('gives way to the next choice that does not allow the service', async () => {
    page({ body: FRAME });
    await boot();
    byName(placeholder(), 'Load once').click();
    byName(document.getElementById('candor-consent'), 'Reject all').click();
    expect(frameSrc()).toBe('about:blank');
    expect(placeholder()).not.toBeNull();
  });
});
