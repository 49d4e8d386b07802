/** The page to open after signing in when none (or no acceptable one) was asked for. */
export const DEFAULT_NEXT = '/admin';
export const NEXT_MAX_LENGTH = 2048;

const ORIGIN = 'http://candor.invalid';
// C0 controls, DEL and C1 controls: browsers strip some of them from URLs, which can turn a
// harmless-looking value into another one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Where to send someone after they sign in: `raw` when it is a same-origin admin path (with an
 * optional query), otherwise `/admin`, so the login form can never be made an open redirect.
 * Accepted: `/admin`, `/admin?…` and `/admin/…`, at most 2,048 characters, with no `//`, no
 * backslash, no control character and nothing a URL parser would rewrite. That last rule refuses
 * (rather than normalises) dot segments such as `/admin/../x` or `/admin/%2e%2e/x`, which would
 * resolve outside the admin, and any scheme or host.
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > NEXT_MAX_LENGTH) return DEFAULT_NEXT;
  if (!/^\/admin(?:[/?]|$)/.test(raw) || raw.includes('//') || raw.includes('\\') || CONTROL.test(raw)) {
    return DEFAULT_NEXT;
  }
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  // Parsing must not have changed it: no dot segments, no characters the parser escapes, no fragment.
  if (url.origin !== ORIGIN || `${url.pathname}${url.search}` !== raw) return DEFAULT_NEXT;
  return raw;
}

/** The login URL for a request that needs a session; `next` is kept when it is worth coming back to. */
export function loginUrl(next: string, ended: boolean): string {
  const params = [...(ended ? ['ended'] : []), ...(next === DEFAULT_NEXT ? [] : [`next=${encodeURIComponent(next)}`])];
  return params.length === 0 ? '/admin/login' : `/admin/login?${params.join('&')}`;
}
