import { CATEGORY_IDS, type CandorConfig, type CategoryId } from '@candor/config';
import { html } from './html.ts';

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

const tagClass = (category: CategoryId) => `tag ${category === 'necessary' ? 'tag-neutral' : 'tag-consent'}`;

/**
 * The cookie table. On narrow screens the CSS stacks each row into a card, labelled from
 * data-label; the explicit roles keep the table semantics some browsers drop once table elements
 * change display.
 */
export function renderCookieTable(config: CandorConfig): string {
  const rows = cookieRows(config).map(
    (row) => html`
      <tr role="row">
        <th scope="row" role="rowheader"><code>${row.name}</code>${row.pattern && html`<span class="cookie-pattern">any name matching this pattern</span>`}</th>
        <td role="cell" data-label="Provider">${row.service}<br /><span class="muted">${row.provider}</span></td>
        <td role="cell" data-label="Category"><span class="${tagClass(row.category)}">${row.categoryTitle}</span></td>
        <td role="cell" data-label="Purpose">${row.purpose}</td>
        <td role="cell" data-label="Duration">${row.duration}</td>
      </tr>`,
  );
  return html`<div class="table-scroll" role="region" aria-labelledby="cookie-table-caption" tabindex="0">
  <table class="cookie-table" role="table">
    <caption id="cookie-table-caption">Every cookie this site can set, by consent category</caption>
    <thead role="rowgroup">
      <tr role="row">
        <th scope="col" role="columnheader">Name</th>
        <th scope="col" role="columnheader">Provider</th>
        <th scope="col" role="columnheader">Category</th>
        <th scope="col" role="columnheader">Purpose</th>
        <th scope="col" role="columnheader">Duration</th>
      </tr>
    </thead>
    <tbody role="rowgroup">${rows}
    </tbody>
  </table>
</div>`.value;
}

/** The titles of the categories that have no cookie at the moment, for a note under the table. */
export function emptyCookieCategories(config: CandorConfig): string[] {
  const rows = cookieRows(config);
  return CATEGORY_IDS.filter((id) => !rows.some((row) => row.category === id)).map(
    (id) => config.consent.categories[id].title,
  );
}
