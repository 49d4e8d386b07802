import type { CandorConfig } from '@candor/config';
import type { MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from './context.ts';

// The shell of the gateway's own public pages (email preferences, privacy-request confirmation and
// download): plain, self-contained, one same-origin stylesheet, no script, no third-party request.

/** Only the page's stylesheet may load; forms post back here; nothing may frame the page. */
export const PUBLIC_PAGE_CSP = `default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export interface PublicPageProps {
  config: CandorConfig;
  title: string;
  /** What the page is part of, after the company name: "email preferences", "privacy requests". */
  section: string;
  stylesheet: string;
  children?: Child;
}

export function PublicPage({ config, title, section, stylesheet, children }: PublicPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · ${config.company.name}`}</title>
        <link rel="stylesheet" href={stylesheet} />
      </head>
      <body>
        <main>
          <p class="brand">
            {config.company.name} {section}
          </p>
          {children}
        </main>
      </body>
    </html>
  );
}

/**
 * No cache, no referrer (these URLs hold tokens), no indexing, and the strict CSP above. A
 * stylesheet keeps its own caching.
 */
export function setPublicPageHeaders(h: Headers): void {
  h.set('referrer-policy', 'no-referrer');
  h.set('x-robots-tag', 'noindex, nofollow');
  if (h.get('content-type')?.startsWith('text/css')) return;
  h.set('cache-control', 'no-store');
  h.set('content-security-policy', PUBLIC_PAGE_CSP);
}

export const publicPageHeaders: MiddlewareHandler<AppEnv> = async function publicPageHeaders(c, next) {
  await next();
  setPublicPageHeaders(c.res.headers);
};
