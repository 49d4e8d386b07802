import type { CandorConfig } from '@candor/config';

/**
 * The CSP of Candor's own pages: everything from this origin only, no inline script or style at
 * all, plus the origins of the company's stylesheet and logo when the config names them.
 */
export function pagesCsp(config: CandorConfig): string {
  const { stylesheetUrl, logoUrl } = config.branding;
  const styleSrc = ["'self'", ...originOf(stylesheetUrl)];
  const imgSrc = ["'self'", 'data:', ...originOf(logoUrl)];
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${unique(styleSrc).join(' ')}`,
    `img-src ${unique(imgSrc).join(' ')}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function originOf(url: string | undefined): string[] {
  return url === undefined ? [] : [new URL(url).origin];
}

function unique(sources: string[]): string[] {
  return [...new Set(sources)];
}
