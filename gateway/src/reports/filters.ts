import { type Dimension, EVENT_DIMENSIONS, type Filter, SESSION_DIMENSIONS } from './port.ts';

export const MAX_FILTERS = 10;
export const MAX_FILTER_VALUES = 20;
export const MAX_VALUE_LENGTH = 1024;

const DIMENSIONS: ReadonlySet<string> = new Set([...SESSION_DIMENSIONS, ...EVENT_DIMENSIONS]);

/**
 * Parses the `filters` parameter:
 *
 *     filters = filter *(";" filter)
 *     filter  = dimension ("==" | "!=") value *("|" value)
 *
 * `==` is "is one of", `!=` is "is none of". A backslash escapes `;`, `|` and itself inside a
 * value; an empty value is allowed (`source==` selects direct visits). Country codes are compared
 * in upper case; every other value exactly as stored.
 *
 * @example parseFilters('country==DE|AT;page!=/pricing')
 *   // → [{dimension: 'country', op: 'is', values: ['DE', 'AT']},
 *   //    {dimension: 'page', op: 'is_not', values: ['/pricing']}]
 * @returns the filters, or a message that says what is wrong (for a 400).
 */
export function parseFilters(text: string): Filter[] | string {
  if (text === '') return [];
  const parts = split(text, ';');
  if (parts.length > MAX_FILTERS) return `at most ${MAX_FILTERS} filters, separated by ";"`;
  const filters: Filter[] = [];
  for (const part of parts) {
    const m = /^([a-z_]+)(==|!=)/.exec(part.raw);
    if (!m) return `"${clip(part.raw)}" is not dimension==value or dimension!=value`;
    const [head, dimension, operator] = m as unknown as [string, string, string];
    if (!DIMENSIONS.has(dimension)) return `unknown dimension "${dimension}"`;
    const values = split(part.raw.slice(head.length), '|').map((v) => unescapeValue(v.raw));
    if (values.length > MAX_FILTER_VALUES) return `at most ${MAX_FILTER_VALUES} values per filter`;
    if (values.some((v) => v.length > MAX_VALUE_LENGTH)) return `a value is at most ${MAX_VALUE_LENGTH} characters`;
    if (values.some(hasControl)) return 'a value may not hold control characters';
    filters.push({
      dimension: dimension as Dimension,
      op: operator === '==' ? 'is' : 'is_not',
      values: dimension === 'country' ? values.map((v) => v.toUpperCase()) : values,
    });
  }
  return filters;
}

/** Splits on an unescaped separator, keeping escapes for the next stage. */
function split(text: string, separator: ';' | '|'): { raw: string }[] {
  const out: { raw: string }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === separator) {
      out.push({ raw: text.slice(start, i) });
      start = i + 1;
    }
  }
  out.push({ raw: text.slice(start) });
  return out;
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

/** True when the text holds a C0 control character or DEL. */
export function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The inverse of `parseFilters`, for links and for the `filters` echoed in a response. */
export function formatFilters(filters: readonly Filter[]): string {
  return filters
    .map(
      (f) =>
        `${f.dimension}${f.op === 'is' ? '==' : '!='}${f.values.map((v) => v.replace(/[\\;|]/g, '\\$&')).join('|')}`,
    )
    .join(';');
}
