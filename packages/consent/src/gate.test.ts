// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateScripts, gateFrames, type May, mustReload, type Ran } from './gate.ts';
import './test-page.ts';

/** Consent as a plain list: "category" or "category/service". Like allows(), a service stands alone. */
const granting =
  (...granted: string[]): May =>
  (category, service) =>
    granted.includes(service ? `${category}/${service}` : category);

// happy-dom does not run scripts, so "ran" means: replaced by a runnable <script> (no inert type).
const GATED = `
  <script type="text/plain" data-category="analytics" data-service="ga4" async id="ga-src" src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
  <script type="text/plain" data-category="analytics" data-service="ga4">ga4 config</script>
  <script type="text/plain" data-category="analytics">own analytics</script>
  <script type="text/plain" data-category="marketing" data-service="hubspot" id="hs-script-loader" defer src="https://js.hs-scripts.com/1.js"></script>
  <script type="text/plain" data-category="marketing">own marketing</script>
  <script type="text/plain" data-category="preferences">preferences 1</script>
  <script type="text/plain" data-category="preferences">preferences 2</script>`;

/** The inline scripts that are now runnable, in document order. */
const runnable = () => [...document.querySelectorAll('script:not([type])')].map((s) => s.textContent).filter(Boolean);

const scripts = () =>
  [...document.querySelectorAll('script')].map(
    (s) => `${s.type || 'js'}:${s.dataset.category}/${s.dataset.service ?? ''}`,
  );

beforeEach(() => {
  document.body.innerHTML = GATED;
});

describe('gated scripts', () => {
  it.each([
    ['nothing granted', granting(), []],
    ['a category alone runs only scripts without a service', granting('analytics'), ['own analytics']],
    ['category and service run both', granting('analytics', 'analytics/ga4'), ['ga4 config', 'own analytics']],
    ['a service without its category runs only that service’s scripts', granting('analytics/ga4'), ['ga4 config']],
    [
      'several categories, in document order',
      granting('preferences', 'marketing', 'analytics', 'analytics/ga4'),
      ['ga4 config', 'own analytics', 'own marketing', 'preferences 1', 'preferences 2'],
    ],
  ])('%s', (_, may, expected) => {
    activateScripts(may, []);
    expect(runnable()).toEqual(expected);
  });

  it('runs each script once, however often consent is applied', () => {
    const ran: Ran[] = [];
    activateScripts(granting('preferences'), ran);
    const first = document.querySelector('script[data-category=preferences]');
    activateScripts(granting('preferences', 'analytics'), ran);
    activateScripts(granting('preferences', 'analytics'), ran);
    expect(document.querySelector('script[data-category=preferences]')).toBe(first);
    expect(runnable()).toEqual(['own analytics', 'preferences 1', 'preferences 2']);
    expect(ran).toEqual([
      ['preferences', undefined],
      ['preferences', undefined],
      ['analytics', undefined],
    ]);
  });

  it('replaces each script in place with a runnable copy that keeps its attributes', () => {
    activateScripts(granting('analytics', 'analytics/ga4', 'marketing', 'marketing/hubspot'), []);
    const hs = document.getElementById('hs-script-loader') as HTMLScriptElement;
    hs.dispatchEvent(new Event('load'));
    expect(scripts()).toEqual([
      'js:analytics/ga4',
      'js:analytics/ga4',
      'js:analytics/',
      'js:marketing/hubspot',
      'js:marketing/',
      'text/plain:preferences/',
      'text/plain:preferences/',
    ]);
    const ga = document.getElementById('ga-src') as HTMLScriptElement;
    expect(ga.hasAttribute('type')).toBe(false);
    expect(ga.getAttribute('src')).toBe('https://www.googletagmanager.com/gtag/js?id=G-1');
    expect(ga.async).toBe(true);
    expect(hs.defer).toBe(true);
    expect(hs.async).toBe(false);
  });

  it('waits for an external script without async before running what follows it, as the parser would', () => {
    const may = granting('marketing', 'marketing/hubspot', 'preferences');
    activateScripts(may, []);
    expect(runnable()).toEqual([]);
    expect(scripts().slice(3)).toEqual([
      'js:marketing/hubspot',
      'text/plain:marketing/',
      'text/plain:preferences/',
      'text/plain:preferences/',
    ]);
    // A second application while it loads must not run the waiting scripts early, or twice.
    activateScripts(may, []);
    expect(runnable()).toEqual([]);
    document.getElementById('hs-script-loader')?.dispatchEvent(new Event('error'));
    expect(runnable()).toEqual(['own marketing', 'preferences 1', 'preferences 2']);
  });

  it('skips waiting scripts whose consent was withdrawn meanwhile', () => {
    let granted = ['marketing', 'marketing/hubspot', 'preferences'];
    const ran: Ran[] = [];
    activateScripts((c, s) => granting(...granted)(c, s), ran);
    granted = ['marketing', 'marketing/hubspot'];
    document.getElementById('hs-script-loader')?.dispatchEvent(new Event('load'));
    expect(runnable()).toEqual(['own marketing']);
    expect(ran).toEqual([
      ['marketing', 'hubspot'],
      ['marketing', undefined],
    ]);
  });

  it('needs a reload only when a script of now-denied consent has run', () => {
    const ran: Ran[] = [];
    activateScripts(granting('analytics', 'analytics/ga4'), ran);
    expect(mustReload(ran, granting('analytics', 'analytics/ga4', 'marketing'))).toBe(false);
    expect(mustReload(ran, granting('analytics'))).toBe(true);
    expect(mustReload(ran, granting())).toBe(true);
    expect(mustReload([], granting())).toBe(false);
  });
});

describe('gated frames', () => {
  const name = (service: string) => (service === 'youtube' ? 'YouTube' : undefined);
  const t = { blocked: 'May set cookies.', only: 'Allowing it turns on only:', once: 'Once', always: 'Always' };
  let granted: string[];
  const may: May = (category, service) => granting(...granted)(category, service);
  const grant = vi.fn((service: string) => {
    granted.push(`marketing/${service}`);
    gateFrames(may, name, t, grant);
  });

  beforeEach(() => {
    granted = [];
    grant.mockClear();
    document.body.innerHTML =
      '<p>before</p><iframe data-src="https://www.youtube-nocookie.com/embed/x" data-category="marketing" data-service="youtube" title="Tour"></iframe>';
  });
  const frame = () => document.querySelector('iframe') as HTMLIFrameElement;
  const placeholder = () => document.querySelector('.candor-ph');
  const buttons = () => [...(placeholder()?.querySelectorAll('button') ?? [])];

  it('hides the frame behind a placeholder until consent, then loads it', () => {
    gateFrames(may, name, t, grant);
    expect(frame().hasAttribute('src')).toBe(false);
    expect(frame().hidden).toBe(true);
    expect(frame().previousElementSibling).toBe(placeholder());
    expect(placeholder()?.textContent).toBe('May set cookies. Allowing it turns on only: YouTubeOnceAlways');
    expect(buttons().map((b) => b.className)).toEqual(['candor-btn', 'candor-btn']);
    gateFrames(may, name, t, grant);
    expect(document.querySelectorAll('.candor-ph')).toHaveLength(1);

    granted = ['marketing', 'marketing/youtube'];
    gateFrames(may, name, t, grant);
    expect(frame().getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/x');
    expect(frame().hidden).toBe(false);
    expect(placeholder()).toBeNull();
  });

  it('"Always" asks for the frame’s one service, not its category', () => {
    gateFrames(may, name, t, grant);
    buttons()[1]?.click();
    expect(grant).toHaveBeenCalledWith('youtube');
    expect(granted).toEqual(['marketing/youtube']);
  });

  it('"Once" loads the frame without asking for anything, until the next check that does not allow it', () => {
    gateFrames(may, name, t, grant);
    buttons()[0]?.click();
    expect(grant).not.toHaveBeenCalled();
    expect(frame().getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/x');
    expect(frame().hidden).toBe(false);
    expect(placeholder()).toBeNull();
    gateFrames(may, name, t, grant);
    expect(frame().getAttribute('src')).toBe('about:blank');
    expect(placeholder()).not.toBeNull();
  });

  it('offers only "Once" for a frame of an unknown service', () => {
    frame().dataset.service = 'vimeo';
    gateFrames(may, name, t, grant);
    expect(placeholder()?.textContent).toBe('May set cookies.Once');
  });

  it('unloads a loaded frame when its consent is withdrawn', () => {
    granted = ['marketing', 'marketing/youtube'];
    gateFrames(may, name, t, grant);
    granted = ['marketing'];
    gateFrames(may, name, t, grant);
    expect(frame().getAttribute('src')).toBe('about:blank');
    expect(frame().hidden).toBe(true);
    expect(placeholder()).not.toBeNull();
  });
});
