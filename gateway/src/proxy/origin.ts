import type { CandorConfig, Site } from '@candor/config';
import { publicBaseUrl } from '../public-origin.ts';

/**
 * The public origin of a proxied site, for `Location` headers and the rewriter's "self": the
 * configured public URL when it names this hostname (its scheme and port included), else
 * `https://<hostname>`. The hostname is one the config lists, matched against the request; no
 * other part of the request (port, scheme, `X-Forwarded-*`) goes into it.
 */
export function sitePublicOrigin(config: CandorConfig, site: Site, hostname: string): string {
  const base = new URL(publicBaseUrl(config));
  if (base.hostname === hostname && site.hostnames.includes(hostname)) return base.origin;
  return `https://${hostname}`;
}
