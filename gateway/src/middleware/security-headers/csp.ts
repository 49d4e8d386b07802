/** Policy for JSON and other non-page responses: nothing may load, nothing may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Extra sources per directive, as `config.csp` names them (fonts, CDN scripts a static export needs). */
export interface CspSources {
  scriptSrc: readonly string[];
  styleSrc: readonly string[];
  fontSrc: readonly string[];
  imgSrc: readonly string[];
  connectSrc: readonly string[];
  frameSrc: readonly string[];
}

export interface SiteCspInput {
  /** Origins of consented third-party services (from the config), e.g. https://www.googletagmanager.com. */
  serviceOrigins: readonly string[];
  inlineScriptHashes: readonly string[];
  inlineStyleHashes: readonly string[];
  /** `config.csp`; absent, the policy is the services' origins and the page's hashes alone. */
  extra?: CspSources | undefined;
}

/**
 * The site's Content-Security-Policy: same-origin by default, inline code only by hash, the
 * configured services' origins, and the extra sources the config names per directive. The consent
 * banner decides whether those services load at all; the CSP bounds what could load if a page were
 * tampered with.
 */
export function siteCsp({ serviceOrigins, inlineScriptHashes, inlineStyleHashes, extra }: SiteCspInput): string {
  const origins = serviceOrigins.join(' ');
  const more = (key: keyof CspSources) => (extra?.[key] ?? []).join(' ');
  const frames = join(origins, more('frameSrc'));
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', join("'self'", ...inlineScriptHashes, origins, more('scriptSrc'))],
    ['style-src', join("'self'", ...inlineStyleHashes, more('styleSrc'))],
    ['img-src', join("'self'", 'data:', origins, more('imgSrc'))],
    ['connect-src', join("'self'", origins, more('connectSrc'))],
    ['frame-src', frames || "'none'"],
    ['font-src', join("'self'", more('fontSrc'))],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

function join(...parts: string[]): string {
  return parts.filter(Boolean).join(' ');
}
