import type { RewriteService } from './index.ts';

// The type values a browser runs as script (HTML's "JavaScript MIME type essence matches", plus
// the empty type and `module`). Any other type, such as application/ld+json or an already gated
// text/plain, is data the page reads itself and is left alone.
const JS_TYPES = new Set([
  '',
  'module',
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

/** Whether a `<script type>` (null when absent) makes the browser run it. */
export function runsAsScript(type: string | null): boolean {
  if (type === null) return true;
  // A MIME type's parameters (`;charset=utf-8`) do not change what it is.
  const essence = type.split(';')[0] ?? '';
  return JS_TYPES.has(essence.trim().toLowerCase());
}

/** The attributes of the gated form, in the order the banner's gate reads them. */
export function gateAttributes(service: RewriteService): [string, string][] {
  return [
    ['type', 'text/plain'],
    ['data-category', service.category],
    ['data-service', service.id],
  ];
}

/**
 * The start tag of a gated inline script, rebuilt from the original's attributes (values as
 * written, entities untouched): its own `type` and any `data-category`/`data-service` give way to
 * the gated ones. A value is quoted with the quote it cannot contain; it held no quote it was
 * written inside, so one of the two always fits.
 */
export function gatedStartTag(attributes: Iterable<[string, string]>, service: RewriteService): string {
  const gated = gateAttributes(service);
  const replaced = new Set(gated.map(([name]) => name));
  let tag = '<script';
  for (const [name, value] of attributes) if (!replaced.has(name)) tag += attribute(name, value);
  for (const [name, value] of gated) tag += attribute(name, value);
  return `${tag}>`;
}

function attribute(name: string, value: string): string {
  return value.includes('"') ? ` ${name}='${value}'` : ` ${name}="${value}"`;
}

/** The first service whose signature the inline script's text contains. */
export function signedBy(text: string, services: readonly RewriteService[]): RewriteService | undefined {
  return services.find((service) =>
    service.signatures.some((signature) => signature !== '' && text.includes(signature)),
  );
}
