import type { CandorConfig } from '@candor/config';
import { type CandorPage, pagePath } from '../public-origin.ts';
import type { SiteAssets } from './assets.ts';

const PAGES: [page: CandorPage, label: string][] = [
  ['privacy', 'Privacy policy'],
  ['cookies', 'Cookie policy'],
  ['requests', 'Privacy requests'],
];

/**
 * Where a page is on this gateway, or undefined when it is not here. The gateway serves its own page
 * wherever `pagePath` is defined; a page the config puts at another URL is here only when the served
 * site has that path itself (a static export of the company's site, say).
 */
export function servedPagePath(config: CandorConfig, site: SiteAssets, page: CandorPage): string | undefined {
  const path = pagePath(config, page);
  if (path !== undefined) return path;
  const { pathname } = new URL(config.pages[page]);
  return site.get(pathname) ? pathname : undefined;
}

export interface WelcomeInput {
  url: string;
  dataDir: string;
  config: CandorConfig;
  site: SiteAssets;
}

/**
 * The start-up banner `pnpm start` prints. It lists only pages that answer: a link to a page that
 * 404s is the first thing a newcomer would click.
 */
export function welcomeText({ url, dataDir, config, site }: WelcomeInput): string {
  const row = (label: string, value: string) => `  ${label.padEnd(18)} ${value}`;
  const pages = PAGES.flatMap(([page, label]) => {
    const path = servedPagePath(config, site, page);
    return path === undefined ? [] : [row(label, `${url}${path}`)];
  });
  return [
    '',
    `  Candor is running for ${config.company.name} at ${url}`,
    '',
    site.get('/') ? row('Site', `${url}/`) : row('Site', 'none (serving the API only; set CANDOR_SITE_DIR)'),
    ...pages,
    row('Admin', `${url}/admin`),
    row('Health', `${url}/healthz   Readiness ${url}/readyz`),
    row('Data', dataDir),
    '',
    '  Next: edit candor.config.ts and restart; run `pnpm test` for every suite. Ctrl-C stops.',
    '',
  ].join('\n');
}
