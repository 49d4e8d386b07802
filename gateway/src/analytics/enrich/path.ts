import { hasEmailLike, withoutEmails } from './email-like.ts';

/** Longest stored path, query included. */
export const PATH_MAX_LENGTH = 1024;

/**
 * The page path as stored: the pathname without trailing slashes (except "/" itself), no
 * fragment, and of the query only the non-empty parameters named in `keepParams`, sorted by name
 * and re-encoded. Other parameters are dropped, since they can carry personal data (emails,
 * tokens, search terms) and would split one page into many rows. `utm_*` parameters are always
 * dropped, even when `keepParams` names one: the UTM fields have columns of their own, and in the
 * path they split `/pricing` into a row per campaign and made a `/pricing` goal miss its visits.
 * Anything shaped like an email address is replaced by `_email_` in the path, and a kept parameter
 * holding one is dropped: analytics storage holds no address.
 *
 * Percent-encoding is kept as sent, with only the normalisations RFC 3986 §6.2.2 calls safe, so
 * that different spellings of one page meet in one row:
 * - hex digits are upper-cased (`%c3%a9` → `%C3%A9`);
 * - letters, digits, `-`, `_` and `~` are decoded (`%7Euser` → `~user`);
 * - a `%` that starts no escape becomes `%25`, so no decoding can create a new escape.
 * Nothing else is decoded: not `%2F` (a slash inside a segment is not a separator), not `%2E`
 * (a dot could form `..`), not `%20` or any non-ASCII byte (the column stays plain ASCII).
 *
 * @param url an http(s) URL, already parsed (so dot segments are resolved).
 * @example normalizePath(new URL('https://x.com/blog/?utm_source=hn&id=7#top'), ['id'])
 *   // → '/blog?id=7'
 */
export function normalizePath(url: URL, keepParams: readonly string[]): string {
  let path = url.pathname;
  // Opaque paths (mailto:, data:) have no leading slash; they are no page of the site.
  if (path.charCodeAt(0) !== 0x2f /* / */) return '/';
  path = withoutTrailingSlashes(path);
  if (path.includes('%')) path = normaliseEscapes(path);
  // An address in a path (`/unsubscribe/ann@example.com`) must not reach analytics storage.
  if (path.includes('@') || path.includes('%40')) path = withoutEmails(path);
  if (keepParams.length > 0 && url.search.length > 1) path += keptQuery(url.searchParams, keepParams);
  return path.length <= PATH_MAX_LENGTH ? path : cut(path);
}

function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  return end === path.length ? path : path.slice(0, end);
}

function keptQuery(params: URLSearchParams, keepParams: readonly string[]): string {
  let kept: URLSearchParams | undefined;
  for (const [name, value] of params) {
    if (value === '' || name.startsWith('utm_') || !keepParams.includes(name) || hasEmailLike(value)) continue;
    kept ??= new URLSearchParams();
    kept.append(name, value);
  }
  if (kept === undefined) return '';
  kept.sort(); // stable: repeated names keep their order
  return `?${kept.toString()}`;
}

/** Applies the escape normalisations described on `normalizePath`. */
function normaliseEscapes(path: string): string {
  let out = '';
  let from = 0;
  for (let i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
    const hi = hexValue(path.charCodeAt(i + 1));
    const lo = hexValue(path.charCodeAt(i + 2));
    let replacement: string;
    if (hi < 0 || lo < 0) {
      replacement = '%25';
    } else {
      const byte = hi * 16 + lo;
      replacement = DECODABLE[byte] === 1 ? String.fromCharCode(byte) : `%${HEX.charAt(hi)}${HEX.charAt(lo)}`;
    }
    out += path.slice(from, i) + replacement;
    from = hi < 0 || lo < 0 ? i + 1 : i + 3;
  }
  return out + path.slice(from);
}

const HEX = '0123456789ABCDEF';
/** 1 for the bytes safe to decode: unreserved characters except `.`, which can form a dot segment. */
const DECODABLE = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~')
  DECODABLE[char.charCodeAt(0)] = 1;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30; // 0-9
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10; // a-f, A-F
  return -1;
}

/** Cuts to the maximum length without leaving half of a `%XX` escape at the end. */
function cut(path: string): string {
  let end = PATH_MAX_LENGTH;
  const percent = path.lastIndexOf('%', end - 1);
  if (percent >= 0 && percent > end - 3) end = percent;
  return path.slice(0, end);
}
