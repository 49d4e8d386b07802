import { hasEmailLike } from './email-like.ts';

/** The five campaign fields, each '' when the page URL does not carry it. */
export interface Utm {
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
}

/** Longest stored source, medium or campaign; longer ones are cut, since a campaign name is never that long. */
export const UTM_MAX_LENGTH = 200;
/**
 * Longest stored term or content. Email service providers fill these two with subscriber or
 * message ids. A keyword or an ad label fits in 50 characters; a long token, a SHA-256 hash of an
 * address or a URL full of ids does not. A short id still fits: the docs say so.
 */
export const UTM_DETAIL_MAX_LENGTH = 50;

/**
 * Reads the `utm_*` parameters of a page URL: decoded, trimmed and capped (200 characters, 50 for
 * term and content), and empty when a value holds an email address; the first occurrence wins. Names are matched exactly (lower case), as
 * analytics tools do.
 *
 * @example utmFromUrl(new URL('https://example.com/?utm_source=newsletter&utm_medium=email'))
 *   // → { utmSource: 'newsletter', utmMedium: 'email', utmCampaign: '', utmTerm: '', utmContent: '' }
 */
export function utmFromUrl(url: URL): Utm {
  const search = url.search;
  // Most page views carry no campaign: skip building URLSearchParams for them.
  if (!search.includes('utm_')) {
    return { utmSource: '', utmMedium: '', utmCampaign: '', utmTerm: '', utmContent: '' };
  }
  const params = url.searchParams;
  return {
    utmSource: clean(params.get('utm_source')),
    utmMedium: clean(params.get('utm_medium')),
    utmCampaign: clean(params.get('utm_campaign')),
    utmTerm: clean(params.get('utm_term'), UTM_DETAIL_MAX_LENGTH),
    utmContent: clean(params.get('utm_content'), UTM_DETAIL_MAX_LENGTH),
  };
}

function clean(value: string | null, max = UTM_MAX_LENGTH): string {
  if (value === null) return '';
  const trimmed = value.trim();
  // Analytics storage holds no email address: such a value is dropped whole, not cut.
  if (hasEmailLike(trimmed)) return '';
  if (trimmed.length <= max) return trimmed;
  // Never cut between the two halves of a surrogate pair (an emoji, say): a lone half is not
  // valid UTF-16 and would be stored as a replacement character.
  const last = trimmed.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return trimmed.slice(0, end).trimEnd();
}
