import type { CandorConfig } from '@candor/config';

/**
 * The base of every link, mail URL and callback URL Candor builds: `publicUrl`, else the company
 * website, without a trailing slash. Never a request header: `Host` and `X-Forwarded-Host` are
 * the client's to choose, and a link built from them would send a victim's token, or a connected
 * system's signed report, wherever the client said.
 */
export function publicBaseUrl(config: CandorConfig): string {
  return (config.publicUrl ?? config.company.website).replace(/\/+$/, '');
}

/** The hostnames this gateway answers for: every site's, and the public URL's. Lower case. */
export function servedHostnames(config: CandorConfig): ReadonlySet<string> {
  const names = config.sites.flatMap((site) => site.hostnames);
  names.push(new URL(publicBaseUrl(config)).hostname);
  return new Set(names.map((name) => name.toLowerCase()));
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why the config gives a production gateway no public origin to build links on, or undefined.
 * Without `publicUrl` the company website must be served by this gateway (one of the sites'
 * hostnames); either way it must be https and not a loopback name.
 */
export function publicOriginProblem(config: CandorConfig): string | undefined {
  const url = new URL(publicBaseUrl(config));
  const name = config.publicUrl === undefined ? 'company.website (publicUrl is unset)' : 'publicUrl';
  if (url.protocol !== 'https:') return `${name} must be an https URL when NODE_ENV=production, got ${url.origin}`;
  if (LOOPBACK.test(url.hostname)) return `${name} must not be a loopback address in production, got ${url.origin}`;
  const hosted = config.sites.some((site) => site.hostnames.includes(url.hostname));
  if (config.publicUrl === undefined && !hosted) {
    return (
      `publicUrl is unset and company.website (${url.origin}) is not one of the sites' hostnames: ` +
      'set publicUrl to the https URL Candor is reached at, so links in mail point at it'
    );
  }
  return undefined;
}

export type CandorPage = 'privacy' | 'cookies' | 'requests';

/**
 * The absolute URL of one of Candor's own pages: the company's own URL when the config names one,
 * else the page's path on the public origin. Banner links and mail use it, so they work from any site.
 */
export function pageUrl(config: CandorConfig, page: CandorPage): string {
  const location = config.pages[page];
  return location.startsWith('/') ? `${publicBaseUrl(config)}${location}` : location;
}

/** The path the gateway serves the page at, or undefined when the config sends it to another URL. */
export function pagePath(config: CandorConfig, page: CandorPage): string | undefined {
  const location = config.pages[page];
  return location.startsWith('/') ? location : undefined;
}
