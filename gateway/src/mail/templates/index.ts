// The privacy-request mails: `renderMail('receipt', data, context)` → {subject, text, html}.
import { de } from './de.ts';
import { en } from './en.ts';
import { renderContent } from './render.ts';
import type {
  Catalog,
  Helpers,
  MailContext,
  MailLocale,
  RenderedMail,
  TemplateData,
  TemplateName,
  Templates,
} from './types.ts';

export { escapeHtml, renderEditedText } from './render.ts';
export * from './types.ts';

const CATALOGS: Record<MailLocale, Catalog> = { en, de };

/** "de", "de-AT" and "DE_ch" → de; anything without a catalog → en. */
export function resolveMailLocale(locale: string): MailLocale {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return language in CATALOGS ? (language as MailLocale) : 'en';
}

/**
 * Renders one mail in the context's language.
 * @example
 * const mail = renderMail('receipt', { reference: 'PR-2026-0042', type: 'access', receivedAt, dueAt }, context);
 * await transport.send({ to, ...mail });
 */
export function renderMail<K extends TemplateName>(
  template: K,
  data: TemplateData[K],
  context: MailContext,
): RenderedMail {
  const locale = resolveMailLocale(context.locale);
  const catalog = CATALOGS[locale];
  const helpers = createHelpers(catalog, context);
  // Through the mapped type, `Templates[K]` is known to take `TemplateData[K]`.
  const templates: Templates = catalog;
  const build: Templates[K] = templates[template];
  return renderContent(build(data, helpers), footer(catalog, context), locale);
}

function createHelpers(catalog: Catalog, context: MailContext): Helpers {
  const date = new Intl.DateTimeFormat(catalog.intl, { dateStyle: 'long', timeZone: context.timeZone });
  const dateTime = new Intl.DateTimeFormat(catalog.intl, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: context.timeZone,
  });
  const origin = context.baseUrl.replace(/\/+$/, '');
  return {
    date: (at) => date.format(at),
    dateTime: (at) => dateTime.format(at),
    type: (type) => catalog.types[type],
    url: (path) => `${origin}${path}`,
    company: context.company,
  };
}

function footer(catalog: Catalog, context: MailContext): string[] {
  const { company } = context;
  return [
    company.legalName,
    ...company.address.split(/\r?\n/),
    `${catalog.footer.contact}: ${company.privacyContact}`,
    `${catalog.footer.website}: ${company.website}`,
    catalog.footer.reason,
  ];
}
