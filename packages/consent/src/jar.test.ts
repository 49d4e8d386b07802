// @vitest-environment happy-dom
import Cookies from 'js-cookie';
import { afterEach, describe, expect, it } from 'vitest';
import { readCookies, removeCookie, setCookie } from './jar.ts';

afterEach(() => {
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
});

describe('the cookie jar', () => {
  const choice = JSON.stringify({ v: 1, id: 'a b;c', r: '2026-11-01', c: ['necessary'] });

  it('reads what a browser cookie library wrote before it (choices stored by earlier banners)', () => {
    Cookies.set('candor_consent', choice, { path: '/' });
    expect(readCookies().candor_consent).toBe(choice);
  });

  it('writes a value that reads back the same, here and through that library', () => {
    setCookie('candor_consent', choice, { days: 1, secure: false });
    expect(readCookies().candor_consent).toBe(choice);
    expect(Cookies.get('candor_consent')).toBe(choice);
  });

  it('keeps a value it cannot decode as it is, and skips pairs without a name', () => {
    // biome-ignore lint/suspicious/noDocumentCookie: a cookie another script wrote, malformed on purpose.
    document.cookie = 'odd=%E0%A4%A; path=/';
    expect(readCookies().odd).toBe('%E0%A4%A');
    expect(Object.keys(readCookies())).not.toContain('');
  });

  it('removes a cookie', () => {
    setCookie('_ga', 'GA1.1', { days: 1, secure: false });
    removeCookie('_ga', undefined);
    expect(readCookies()._ga).toBeUndefined();
  });
});
