import { describe, expect, it } from 'vitest';
import { UA } from './fixtures.ts';
import { createUserAgentParser } from './user-agent.ts';

describe('createUserAgentParser', () => {
  it.each([
    [UA.chromeWindows, 'Chrome', '131', 'Windows', 'desktop'],
    [UA.edgeWindows, 'Edge', '131', 'Windows', 'desktop'],
    [UA.firefoxWindows, 'Firefox', '133', 'Windows', 'desktop'],
    [UA.safariMac, 'Safari', '18', 'macOS', 'desktop'],
    [UA.chromeLinux, 'Chrome', '131', 'Linux', 'desktop'],
    [UA.chromeOs, 'Chrome', '131', 'ChromeOS', 'desktop'],
    [UA.safariIphone, 'Safari', '18', 'iOS', 'mobile'],
    [UA.chromeIphone, 'Chrome', '131', 'iOS', 'mobile'],
    [UA.chromeAndroid, 'Chrome', '131', 'Android', 'mobile'],
    [UA.firefoxAndroid, 'Firefox', '132', 'Android', 'mobile'],
    [UA.samsungInternet, 'Samsung Internet', '26', 'Android', 'mobile'],
    [UA.instagramAndroid, 'Instagram', '344', 'Android', 'mobile'],
    [UA.safariIpad, 'Safari', '16', 'iOS', 'tablet'],
    [UA.chromeGalaxyTab, 'Chrome', '131', 'Android', 'tablet'],
    [UA.galaxyWatch, 'Chrome', '113', 'Android', 'mobile'],
    [UA.samsungTv, 'Safari', '', 'Tizen', 'desktop'],
  ])('reads %s', (ua, browser, browserVersion, os, device) => {
    expect(createUserAgentParser()(ua)).toEqual({ browser, browserVersion, os, device });
  });

  it.each([
    ['empty', ''],
    ['unrecognisable', 'x'],
  ])('gives empty names and a desktop device for an %s UA', (_, ua) => {
    expect(createUserAgentParser()(ua)).toEqual({ browser: '', browserVersion: '', os: '', device: 'desktop' });
  });

  it('answers a repeated UA from the cache with the same frozen object', () => {
    const parse = createUserAgentParser();
    const first = parse(UA.firefoxAndroid);
    expect(parse(UA.firefoxAndroid)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('keeps no more UAs than it was given room for', () => {
    const parse = createUserAgentParser(2);
    const chrome = parse(UA.chromeWindows);
    parse(UA.safariMac);
    parse(UA.firefoxWindows);
    expect(parse(UA.chromeWindows)).not.toBe(chrome);
    expect(parse(UA.chromeWindows)).toEqual(chrome);
  });

  it('reads an oversized UA by its first 500 characters, as ua-parser-js does', () => {
    const parse = createUserAgentParser();
    const padded = `${UA.chromeWindows}${' x'.repeat(5000)}`;
    expect(parse(padded)).toEqual(parse(UA.chromeWindows));
  });
});
