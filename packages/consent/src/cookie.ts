import { readCookies, setCookie } from './jar.ts';
import type { PageConfig, Stored } from './types.ts';

const DAY = 86_400;

export function encode(stored: Stored): string {
  return JSON.stringify(stored);
}

/** The stored choice, or null when the value is not one this banner wrote. */
export function decode(raw: string | undefined): Stored | null {
  try {
    const s: Stored = JSON.parse(raw ?? '');
    return s.v === 1 && s.id && s.r && Array.isArray(s.c) && Array.isArray(s.s) && s.t > 0 ? s : null;
  } catch {
    return null;
  }
}

/**
 * Reads the choice cookie. `valid` is null (re-prompt) when the cookie is missing, unparsable, from
 * another policy revision or older than the configured lifetime; `id` survives the last two, so one
 * browser keeps one consent id.
 */
export function readStored(config: PageConfig, now: number): { valid: Stored | null; id?: string } {
  const s = decode(readCookies()[config.cookie.name]);
  if (!s) return { valid: null };
  const fresh = s.r === config.revision && now - s.t < config.cookie.expiryDays * DAY;
  return { valid: fresh ? s : null, id: s.id };
}

export function writeStored(config: PageConfig, stored: Stored, https: boolean): void {
  setCookie(config.cookie.name, encode(stored), {
    days: config.cookie.expiryDays,
    secure: https,
    domain: config.cookie.domain,
  });
}
