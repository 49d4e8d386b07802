// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { candor, load, sent } from './test-page.ts';

function setNavigator(key: 'globalPrivacyControl' | 'doNotTrack', value: unknown): void {
  Object.defineProperty(navigator, key, { configurable: true, value });
}
afterEach(() => {
  delete (navigator as unknown as Record<string, unknown>).globalPrivacyControl;
  delete (navigator as unknown as Record<string, unknown>).doNotTrack;
});

describe('local pages', () => {
  it.each(['http://localhost:4321/', 'http://127.0.0.1:8080/pricing', 'http://[::1]:8080/'])(
    '%s sends nothing',
    async (url) => {
      await load({ url });
      candor()?.('Signup');
      expect(sent()).toEqual([]);
    },
  );

  it.each(['http://localhost:4321/', 'http://127.0.0.1:8080/pricing'])(
    '%s is tracked when the script tag has data-local',
    async (url) => {
      await load({ url, attrs: { 'data-local': '' } });
      expect(sent().map((b) => b.n)).toEqual(['pageview']);
    },
  );

  it.each(['http://localhost.example.com/', 'http://127.0.0.10.example.com/'])('%s is not local', async (url) => {
    await load({ url });
    expect(sent()).toHaveLength(1);
  });
});

describe('the staff opt-out', () => {
  it('localStorage candor_ignore = "true" turns the tracker off, custom events included', async () => {
    localStorage.setItem('candor_ignore', 'true');
    await load();
    candor()?.('Signup');
    expect(sent()).toEqual([]);
  });

  it.each(['false', '1', ''])('candor_ignore = "%s" does not', async (value) => {
    localStorage.setItem('candor_ignore', value);
    await load();
    expect(sent()).toHaveLength(1);
  });

  it('blocked storage (localStorage throws) is no opt-out', async () => {
    vi.spyOn(globalThis, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('Access is denied', 'SecurityError');
    });
    await load();
    expect(sent()).toHaveLength(1);
  });
});

describe('Global Privacy Control and Do Not Track', () => {
  it.each([
    // [signal, value, attribute on the tag, tracked]
    ['globalPrivacyControl', true, {}, true],
    ['globalPrivacyControl', true, { 'data-respect-gpc': '' }, false],
    ['globalPrivacyControl', false, { 'data-respect-gpc': '' }, true],
    ['globalPrivacyControl', true, { 'data-respect-dnt': '' }, true],
    ['doNotTrack', '1', {}, true],
    ['doNotTrack', '1', { 'data-respect-dnt': '' }, false],
    ['doNotTrack', '0', { 'data-respect-dnt': '' }, true],
    ['doNotTrack', 'unspecified', { 'data-respect-dnt': '' }, true],
    ['doNotTrack', '1', { 'data-respect-gpc': '' }, true],
  ] as const)('%s = %s with %o: tracked %s', async (key, value, attrs, tracked) => {
    setNavigator(key, value);
    await load({ attrs });
    expect(sent()).toHaveLength(tracked ? 1 : 0);
  });
});

describe('when it is off', () => {
  it('still replaces window.candor, so that calls neither throw nor queue forever', async () => {
    await load({ url: 'http://localhost:4321/' });
    expect(() => candor()?.('Signup', { props: { plan: 'pro' } })).not.toThrow();
    expect(candor()?.q).toBeUndefined();
  });
});
