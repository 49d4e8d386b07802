import { CATEGORY_IDS, type CandorConfig, type CategoryId } from '@candor/config';

export interface CookieRow {
  /** The name as a visitor would look for it in their browser, e.g. "_ga_*". */
  name: string;
  /** True when `name` stands for several cookies (a glob such as "_ga_*", or a /regular expression/). */
  pattern: boolean;
  service: string;
  provider: string;
  category: CategoryId;
  categoryTitle: string;
  purpose: string;
  duration: string;
}

/** Every cookie the config declares, ordered by consent category (necessary first), then by service. */
export function cookieRows(config: CandorConfig): CookieRow[] {
  return CATEGORY_IDS.flatMap((category) =>
    config.services
      .filter((service) => service.category === category)
      .flatMap((service) =>
        service.cookies.map((cookie) => {
          const name = cookie.pattern ? readablePattern(cookie.name) : cookie.name;
          return {
            name,
            pattern: cookie.pattern && /[*/]/.test(name),
            service: service.name,
            provider: service.provider,
            category,
            categoryTitle: config.consent.categories[category].title,
            purpose: cookie.purpose,
            duration: cookie.duration,
          };
        }),
      ),
  );
}

/**
 * Turns a cookie-name pattern into a glob a visitor can read: "^_ga_" → "_ga_*", "^_ga$" → "_ga".
 * A pattern with other regular-expression syntax is shown as it is written, between slashes.
 */
export function readablePattern(source: string): string {
  const anchoredStart = source.startsWith('^');
  let anchoredEnd = source.endsWith('$') && !source.endsWith('\\$');
  let body = source.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  if (body.endsWith('.*') && !body.endsWith('\\.*')) {
    body = body.slice(0, -2);
    anchoredEnd = false;
  }
  const literal = body.replace(/\\([.\-$^*+?()[\]{}|\\/])/g, '$1');
  if (/(^|[^\\])[.*+?()[\]{}|^$]/.test(body)) return `/${source}/`;
  return `${anchoredStart ? '' : '*'}${literal}${anchoredEnd ? '' : '*'}`;
}
