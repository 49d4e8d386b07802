import type { CandorConfig } from '@candor/config';
import type { PolicyLinks } from '@candor/policy';
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.ts';
import { type CandorPage, pagePath } from '../public-origin.ts';
import type { SiteAssets } from '../site/assets.ts';
import { pagesCsp } from './csp.ts';
import { CandorLayout } from './layout.tsx';
import type { PolicyProse } from './prose.ts';
import { pagesStylesheet } from './style.ts';
import { CookiesView, PrivacyView, privacyTitle, RequestsView } from './views.tsx';

export interface CandorPagesDeps {
  config: CandorConfig;
  /** The site the gateway serves: where it has a page at the same path, the site's page wins. */
  site: SiteAssets;
  /** The policy file, parsed and rendered once at start-up (`parsePolicyProse`); none: a generic intro. */
  policy?: PolicyProse | undefined;
}

/**
 * `GET`/`HEAD` of Candor's own pages at `config.pages` paths (a page mapped to an absolute URL is
 * the company's to serve), and their hashed stylesheet. Register before the site's catch-all.
 */
export function registerCandorPages(app: Hono<AppEnv>, deps: CandorPagesDeps): void {
  const { config, site } = deps;
  const links: PolicyLinks = {
    privacy: config.pages.privacy,
    cookies: config.pages.cookies,
    requests: config.pages.requests,
  };
  const stylesheet = pagesStylesheet(config);
  const proxiedHosts = new Set(config.sites.filter((s) => s.upstream).flatMap((s) => s.hostnames));
  const csp = pagesCsp(config);

  app.get(stylesheet.path, (c) =>
    c.body(stylesheet.css, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  const pages: Record<CandorPage, { title: string; description?: string; loader?: boolean; body: Child }> = {
    privacy: {
      title: privacyTitle(deps.policy),
      description: deps.policy?.description,
      body: <PrivacyView config={config} links={links} prose={deps.policy} />,
    },
    cookies: {
      title: 'Cookies',
      description:
        'Every cookie this site can set, who sets it, why, and for how long. Change your choice at any time.',
      loader: true,
      body: <CookiesView config={config} links={links} />,
    },
    requests: {
      title: 'Your privacy rights',
      description: 'Ask us for a copy of your data, to correct or delete it, to export it, or to stop marketing.',
      body: <RequestsView config={config} links={links} />,
    },
  };

  for (const [name, page] of Object.entries(pages) as [CandorPage, (typeof pages)[CandorPage]][]) {
    const path = pagePath(config, name);
    if (path === undefined) continue;
    // Rendered once: the config cannot change while the gateway runs.
    const markup = `<!doctype html>${(
      <CandorLayout
        config={config}
        links={links}
        title={page.title}
        description={page.description}
        stylesheet={config.branding.stylesheetUrl ?? stylesheet.path}
        loader={page.loader}
      >
        {page.body}
      </CandorLayout>
    )}`;
    app.get(path, async (c: Context<AppEnv>, next) => {
      // A proxied host's site is its upstream: there, these pages are always Candor's.
      if (site.get(path) && !proxiedHosts.has(new URL(c.req.url).hostname)) return next();
      return c.html(markup, 200, { 'content-security-policy': csp, 'cache-control': 'no-cache' });
    });
  }
}
