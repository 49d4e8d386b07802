import { LOCALES } from './all.ts';
import type { Messages } from './messages.ts';

export type { Messages };

/**
 * The locale for `<html lang>`: its primary subtag when compiled in, else English, else the
 * bundle's only locale.
 */
export function pickLocale(lang: string): [string, Messages] {
  const primary = lang.split('-')[0]?.toLowerCase();
  const entries = Object.entries(LOCALES);
  // Every bundle compiles in at least one locale, so the last fallback always exists.
  return (entries.find(([id]) => id === primary) ?? entries.find(([id]) => id === 'en') ?? entries[0]) as [
    string,
    Messages,
  ];
}

export const isRtl = (locale: string): boolean => locale === 'ar';
