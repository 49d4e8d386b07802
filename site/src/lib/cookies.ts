// The cookie rows are built once, in @candor/policy, for this site and the gateway's own pages.
export { type CookieRow, cookieRows, readablePattern } from '@candor/policy';
