import { sourceForHost, sourceForName } from './source-table.ts';

export interface TrafficSource {
  /** A named source ("Google", "Newsletter"), else the referrer host, else `utm_source`; '' is direct. */
  source: string;
  /** The external referrer's host, lower case, without `www.`; '' when there is none. */
  referrerHost: string;
}

// Anchored and free of nested quantifiers, so it cannot backtrack; it spares `new URL` (and the
// cost of its exception) for android-app://, about:blank and junk.
const HTTP_URL = /^https?:/i;

/**
 * Where a visit came from. The referrer wins over `utm_source`; `utm_source` is used only when
 * there is no external referrer (none, unparsable, not http(s), or this site itself), and is
 * mapped through the same table by name, so `google` becomes "Google" and `newsletter` stays.
 *
 * Only the referrer's host is kept: its path and query can carry personal data.
 *
 * @param siteHosts the site's own hostnames, lower case, as the config holds them.
 * @example classifySource('https://l.facebook.com/l.php?u=…', ['example.com'], '')
 *   // → { source: 'Facebook', referrerHost: 'l.facebook.com' }
 */
export function classifySource(
  referrer: string | undefined,
  siteHosts: readonly string[],
  utmSource: string,
): TrafficSource {
  const referrerHost = referrer ? externalHost(referrer, siteHosts) : '';
  if (referrerHost !== '') return { source: sourceForHost(referrerHost) ?? referrerHost, referrerHost };
  if (utmSource === '') return { source: '', referrerHost };
  return { source: sourceForName(utmSource.toLowerCase()) ?? utmSource, referrerHost };
}

/** The referrer's host, normalised, or '' when it is missing, not http(s), or this site. */
function externalHost(referrer: string, siteHosts: readonly string[]): string {
  if (!HTTP_URL.test(referrer)) return '';
  let host: string;
  try {
    // URL lower-cases the host, drops userinfo and port, and turns IDNs into punycode (xn--…).
    host = new URL(referrer).hostname;
  } catch {
    return '';
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.startsWith('www.')) host = host.slice(4);
  return host === '' || isSiteHost(host, siteHosts) ? '' : host;
}

/** True when `host` (already without `www.`) is one of the site's hosts, with or without `www.`. */
function isSiteHost(host: string, siteHosts: readonly string[]): boolean {
  for (const site of siteHosts) {
    if (site === host) return true;
    if (site.length === host.length + 4 && site.startsWith('www.') && site.endsWith(host)) return true;
  }
  return false;
}
