/** Policy for JSON and other non-page responses: nothing may load, nothing may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface SiteCspInput {
  /** Origins of consented third-party services (from the config), e.g. https://www.googletagmanager.com. */
  serviceOrigins: readonly string[];
  inlineScriptHashes: readonly string[];
  inlineStyleHashes: readonly string[];
}

/**
 * The site's Content-Security-Policy: same-origin by default, inline code only by hash, and the
 * configured services' origins. The consent banner decides whether those services load at all;
 * the CSP bounds what could load if a page were tampered with.
 */
export function siteCsp({ serviceOrigins, inlineScriptHashes, inlineStyleHashes }: SiteCspInput): string {
  const origins = serviceOrigins.join(' ');
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', join("'self'", ...inlineScriptHashes, origins)],
    ['style-src', join("'self'", ...inlineStyleHashes)],
    ['img-src', join("'self'", 'data:', origins)],
    ['connect-src', join("'self'", origins)],
    ['frame-src', origins || "'none'"],
    ['font-src', "'self'"],
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
