/**
 * Something shaped like an email address, in a URL's text, raw or percent-encoded (`%40`). Sites
 * and email service providers put subscribers' addresses in paths, query strings and UTM fields;
 * analytics storage must hold none, so what matches is dropped or replaced before it is stored.
 */
export const EMAIL_LIKE = /[^\s@/?&=]+(?:@|%40)[^\s@/?&=]+\.[^\s@/?&=.]{2,}/gi;

/** True when `text` holds something shaped like an email address. */
export function hasEmailLike(text: string): boolean {
  EMAIL_LIKE.lastIndex = 0;
  return EMAIL_LIKE.test(text);
}

/** `text` with each email-like run replaced by `_email_`. */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL_LIKE, '_email_');
}
