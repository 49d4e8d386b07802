// The page's cookies, read and written through `document.cookie`: the few lines the banner needs,
// in place of a cookie library (whose weight the banner's budget cannot afford).

/** Every cookie the page can see, by name; of two with one name, the first the browser lists. */
export function readCookies(): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const pair of document.cookie.split(/; */)) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = decode(pair.slice(0, at));
    if (!(name in jar)) jar[name] = decode(pair.slice(at + 1));
  }
  return jar;
}

/** Percent-decoding that leaves a value it cannot decode as it is (a cookie another script set). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface CookieOptions {
  days: number;
  domain?: string | null | undefined;
  secure: boolean;
}

/** A first-party cookie on path `/`, SameSite=Lax; the value is percent-encoded. */
export function setCookie(name: string, value: string, { days, domain, secure }: CookieOptions): void {
  const expires = new Date(Date.now() + days * 86_400_000).toUTCString();
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and Safari; this file is the banner's one cookie writer.
  document.cookie =
    `${name}=${encodeURIComponent(value)}; path=/; expires=${expires}; samesite=Lax` +
    (domain ? `; domain=${domain}` : '') +
    (secure ? '; secure' : '');
}

/** Deletes the cookie set on path `/` with this domain (none: the host-only one). */
export function removeCookie(name: string, domain: string | undefined): void {
  // biome-ignore lint/suspicious/noDocumentCookie: as in setCookie.
  document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT${domain ? `; domain=${domain}` : ''}`;
}
