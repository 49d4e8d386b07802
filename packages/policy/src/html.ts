// A tiny `html` tagged template: every interpolated value is escaped unless it is already `Html`,
// so a config string can never become markup. The renderers build all their output with it.

/** Markup that is safe to insert as it is: built by `html`, or wrapped on purpose with `raw`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate. `false`, `null` and `undefined` render as nothing, arrays as their items. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Trusts markup as it is. Only for strings this package built, never for a config value. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\``: the literal parts as written, every value escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

const SAFE_SCHEME = /^(https?|mailto):/i;

/**
 * An href a config may give: http(s), mailto, a path or a fragment. Anything else (`javascript:`,
 * `data:`) becomes "#", so a hostile config cannot run script through a link.
 */
export function safeHref(url: string): string {
  const trimmed = url.trim();
  if (SAFE_SCHEME.test(trimmed)) return trimmed;
  if (/^[/#?]/.test(trimmed) && !trimmed.startsWith('//')) return trimmed;
  return '#';
}
