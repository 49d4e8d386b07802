// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode, encode, readStored, writeStored } from './cookie.ts';
import { demoConfig, stored } from './test-fixtures.ts';
import { clearCookies, setCookie } from './test-page.ts';

const config = demoConfig();
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** The raw strings the code assigns to document.cookie (attribute names are case-insensitive). */
function captureCookieWrites(): string[] {
  const writes: string[] = [];
  const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(document), 'cookie');
  vi.spyOn(document, 'cookie', 'set').mockImplementation((value) => {
    writes.push(value);
    desc?.set?.call(document, value);
  });
  return writes;
}

afterEach(() => {
  vi.restoreAllMocks();
  clearCookies();
});

describe('the choice cookie value', () => {
  it('is compact JSON with the documented keys, and decodes to what was encoded', () => {
    const value = stored({ c: ['necessary', 'analytics'], s: ['candor', 'ga4'], g: 1, x: 0 });
    const json = encode(value);
    expect(json).not.toMatch(/\s/);
    expect(Object.keys(JSON.parse(json))).toEqual(['v', 'id', 'r', 'c', 's', 't', 'g', 'x']);
    expect(decode(json)).toEqual(value);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not JSON', '{v:1'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['another version', encode({ ...stored(), v: 2 as 1 })],
    ['no id', JSON.stringify({ ...stored(), id: '' })],
    ['categories not a list', JSON.stringify({ ...stored(), c: 'necessary' })],
    ['services not a list', JSON.stringify({ ...stored(), s: null })],
    ['no timestamp', JSON.stringify({ ...stored(), t: 0 })],
  ])('is rejected when %s', (_, raw) => {
    expect(decode(raw)).toBeNull();
  });
});

describe('reading the cookie', () => {
  it('returns a fresh choice under the current revision', () => {
    const value = stored();
    setCookie(value);
    expect(readStored(config, now())).toEqual({ valid: value, id: value.id });
  });

  it.each([
    ['made under another revision', stored({ r: '2025-01-01' })],
    ['older than the configured lifetime', stored({ t: now() - 183 * DAY })],
  ])('re-prompts for a choice %s, but keeps its consent id', (_, value) => {
    setCookie(value);
    expect(readStored(config, now())).toEqual({ valid: null, id: value.id });
  });

  it('keeps a choice one second short of the lifetime', () => {
    setCookie(stored({ t: now() - 182 * DAY + 1 }));
    expect(readStored(config, now()).valid).not.toBeNull();
  });

  it.each([['{"v":1'], ['garbage'], ['[]']])('re-prompts, with no id, for the unparsable value %s', (raw) => {
    setCookie(raw);
    expect(readStored(config, now())).toEqual({ valid: null });
  });
});

describe('writing the cookie', () => {
  it('sets SameSite=Lax, path=/ and an expiry of expiryDays, without Secure on http', () => {
    const writes = captureCookieWrites();
    writeStored(config, stored(), false);
    expect(writes).toHaveLength(1);
    const attrs = (writes[0] ?? '').split('; ').map((a, i) => (i ? a.replace(/^[^=]+/, (n) => n.toLowerCase()) : a));
    expect(attrs[0]).toMatch(/^candor_consent=/);
    expect(attrs).toContain('path=/');
    expect(attrs).toContain('samesite=Lax');
    expect(attrs).not.toContain('secure');
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
    const expires = Date.parse(attrs.find((a) => a.startsWith('expires='))?.slice(8) ?? '');
    expect(Math.abs(expires - (Date.now() + 182 * DAY * 1000))).toBeLessThan(5000);
  });

  it('adds Secure on https and the configured domain', () => {
    const writes = captureCookieWrites();
    writeStored({ ...config, cookie: { ...config.cookie, domain: '.example.com' } }, stored(), true);
    const attrs = (writes[0] ?? '').toLowerCase().split('; ');
    expect(attrs).toContain('secure');
    expect(attrs).toContain('domain=.example.com');
  });

  it('round-trips through document.cookie', () => {
    const value = stored({ c: ['necessary', 'marketing'], s: ['candor', 'hubspot'] });
    writeStored(config, value, false);
    expect(readStored(config, now()).valid).toEqual(value);
  });
});
