import { describe, expect, it } from 'vitest';
import { botReason } from './bots.ts';
import { UA } from './fixtures.ts';

const noHeaders = new Headers();

describe('botReason', () => {
  it.each([
    ['Chrome on Windows', UA.chromeWindows],
    ['Edge on Windows', UA.edgeWindows],
    ['Firefox on Windows', UA.firefoxWindows],
    ['Safari on macOS', UA.safariMac],
    ['Chrome on Linux', UA.chromeLinux],
    ['Chrome on ChromeOS', UA.chromeOs],
    ['Safari on iPhone', UA.safariIphone],
    ['Chrome on iPhone', UA.chromeIphone],
    ['Chrome on Android', UA.chromeAndroid],
    ['Firefox on Android', UA.firefoxAndroid],
    ['Samsung Internet', UA.samsungInternet],
    ['Safari on iPad', UA.safariIpad],
    ["Instagram's in-app browser", UA.instagramAndroid],
    ['the Slack desktop app (Electron)', UA.slackDesktop],
  ])('lets %s through', (_, ua) => {
    expect(botReason(ua, noHeaders)).toBeNull();
  });

  it.each([
    ['Googlebot', UA.googlebot],
    ['Googlebot smartphone', UA.googlebotSmartphone],
    ['Bingbot', UA.bingbot],
    ['AhrefsBot', UA.ahrefsBot],
    ['GPTBot', UA.gptBot],
    ['ClaudeBot', UA.claudeBot],
    ['facebookexternalhit', UA.facebookExternalHit],
    ['Slackbot', UA.slackbot],
    ['curl', UA.curl],
    ['Wget', UA.wget],
    ['python-requests', UA.pythonRequests],
    ['Go-http-client', UA.goHttpClient],
    ["Node's fetch", UA.nodeFetch],
  ])('flags %s as a bot', (_, ua) => {
    expect(botReason(ua, noHeaders)).toBe('bot');
  });

  it.each([
    ['HeadlessChrome on Linux', UA.headlessChromeLinux],
    ['Lighthouse (PageSpeed Insights, mobile)', UA.lighthouseMobile],
    ['Lighthouse (desktop)', UA.lighthouseDesktop],
    ['PhantomJS', UA.phantomJs],
    ['jsdom', UA.jsdom],
    ['a UA naming Puppeteer', `${UA.chromeLinux} Puppeteer`],
    ['a UA naming Playwright', `${UA.chromeLinux} Playwright/1.49`],
  ])('flags %s as headless', (_, ua) => {
    expect(botReason(ua, noHeaders)).toBe('headless');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('flags an %s User-Agent', (_, ua) => {
    expect(botReason(ua, noHeaders)).toBe('no_user_agent');
  });

  it.each([
    ['Sec-Purpose', 'prefetch'],
    ['Sec-Purpose', 'prefetch;prerender'],
    ['Sec-Purpose', 'prefetch;anonymous-client-ip'],
    ['Purpose', 'prefetch'],
    ['X-Purpose', 'preview'],
    ['X-Moz', 'prefetch'],
    ['sec-purpose', 'Prefetch'],
  ])('flags a speculative load (%s: %s) from a real browser', (name, value) => {
    expect(botReason(UA.chromeWindows, new Headers({ [name]: value }))).toBe('prefetch');
  });

  it('ignores unrelated purpose values', () => {
    expect(botReason(UA.chromeWindows, new Headers({ 'x-purpose': 'none' }))).toBeNull();
  });

  it('still reads the headers for a UA whose verdict it remembers', () => {
    expect(botReason(UA.googlebot, noHeaders)).toBe('bot');
    expect(botReason(UA.googlebot, noHeaders)).toBe('bot');
    expect(botReason(UA.chromeWindows, noHeaders)).toBeNull();
    expect(botReason(UA.chromeWindows, new Headers({ 'sec-purpose': 'prefetch' }))).toBe('prefetch');
  });

  it('still recognises a bot behind an oversized UA', () => {
    expect(botReason(`${UA.chromeWindows} ${'x'.repeat(600)} Googlebot/2.1`, noHeaders)).toBe('bot');
  });

  it('reads headers through any get() that may answer undefined', () => {
    const headers = { get: (name: string) => (name === 'purpose' ? 'prefetch' : undefined) };
    expect(botReason(UA.safariMac, headers)).toBe('prefetch');
  });
});
