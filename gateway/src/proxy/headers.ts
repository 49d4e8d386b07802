// What the edge proxy sends upstream and hands back to the visitor, header by header. Pure
// functions over Web `Headers`, so they are tested without a socket.
import { looksLikeApiKey } from '../admin/api-key.ts';
import { SESSION_COOKIE } from '../admin/session.ts';
import { securityHeaderEntries } from '../middleware/security-headers/index.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, never the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The content codings the proxy can decode to rewrite HTML; anything else is not asked for. */
const CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'identity']);

/** Copies `source` without the hop-by-hop headers, those `Connection` names, and any `Proxy-*`. */
export function withoutHopByHop(source: Headers): Headers {
  const named = new Set(
    (source.get('connection') ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = new Headers();
  for (const [name, value] of source) {
    if (HOP_BY_HOP.has(name) || named.has(name) || name.startsWith('proxy-')) continue;
    if (name === 'set-cookie') continue; // appended one by one below: joined they would be one cookie
    out.append(name, value);
  }
  if (!named.has('set-cookie')) for (const cookie of source.getSetCookie()) out.append('set-cookie', cookie);
  return out;
}

export interface UpstreamRequestContext {
  /** The upstream's `host` (name and port as the URL gives them). */
  upstreamHost: string;
  /** Send the visitor's own `Host` instead (`sites[].preserveHost`). */
  preserveHost: boolean;
  /** The `Host` the visitor asked for; it matched a configured hostname. */
  requestHost: string;
  /** The socket peer, as the gateway sees it. */
  peer: string | undefined;
  /** Whether the request reached the gateway over https. */
  https: boolean;
  /** A reverse proxy in front of the gateway wrote the `X-Forwarded-*` headers it received. */
  trustProxy: boolean;
}

/**
 * The headers sent upstream: the visitor's, without hop-by-hop headers, without Candor's own
 * admin session cookie or API key, with the `Host` the upstream expects and `X-Forwarded-*` set.
 * An untrusted `X-Forwarded-For` is replaced, not appended to: at the edge it is the client's to
 * invent, and the upstream would log or rate-limit the address it names.
 */
export function upstreamRequestHeaders(incoming: Headers, context: UpstreamRequestContext): Headers {
  const out = withoutHopByHop(incoming);
  out.delete('host');
  out.delete('expect'); // the gateway already answered 100-continue to the visitor
  out.set('host', context.preserveHost ? context.requestHost : context.upstreamHost);

  const cookie = withoutCookie(incoming.get('cookie'), SESSION_COOKIE);
  if (cookie) out.set('cookie', cookie);
  else out.delete('cookie');
  if (isCandorApiKey(incoming.get('authorization'))) out.delete('authorization');

  const encodings = acceptedCodings(incoming.get('accept-encoding'));
  if (encodings === undefined) out.delete('accept-encoding');
  else out.set('accept-encoding', encodings);

  const earlier = context.trustProxy ? incoming.get('x-forwarded-for') : null;
  const peer = context.peer ?? 'unknown';
  out.set('x-forwarded-for', earlier ? `${earlier}, ${peer}` : peer);
  out.set('x-forwarded-proto', context.https ? 'https' : 'http');
  out.set('x-forwarded-host', context.requestHost);
  return out;
}

/** The `Cookie` header without the named cookie; undefined when nothing else is left. */
export function withoutCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && cookieName(pair) !== name);
  return kept.length > 0 ? kept.join('; ') : undefined;
}

function cookieName(pair: string): string {
  const equals = pair.indexOf('=');
  return (equals < 0 ? pair : pair.slice(0, equals)).trim();
}

/** `Bearer cdr_…`: a Candor API key, which is for the gateway's API and never for the site. */
export function isCandorApiKey(header: string | null): boolean {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && looksLikeApiKey(match[1]);
}

/**
 * The visitor's `Accept-Encoding` restricted to the codings the proxy can decode (an HTML page in
 * zstd could not be rewritten, and must not pass unrewritten), or undefined when none is left.
 */
export function acceptedCodings(header: string | null): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(',')
    .map((item) => item.trim())
    .filter((item) => CODINGS.has(item.split(';')[0]?.trim().toLowerCase() ?? ''));
  return kept.length > 0 ? kept.join(', ') : undefined;
}

export interface ResponseContext {
  /** The upstream's origin, e.g. "https://origin.example.com". */
  upstream: URL;
  /** The public origin of the request's site, from the config. */
  publicOrigin: string;
}

/** The upstream's headers for the visitor: hop-by-hop ones dropped, `Location` kept on the public origin. */
export function visitorResponseHeaders(upstream: Headers, context: ResponseContext): Headers {
  const out = withoutHopByHop(upstream);
  const location = out.get('location');
  if (location !== null) out.set('location', publicLocation(location, context));
  return out;
}

/**
 * A `Location` that points at the upstream (either scheme, its port or none) moved to the public
 * origin, path, query and fragment kept. Relative and third-party locations are left alone.
 */
export function publicLocation(location: string, { upstream, publicOrigin }: ResponseContext): string {
  let url: URL;
  try {
    // A bare "/path" has no origin to compare; "//host/path" takes the upstream's scheme.
    if (location.startsWith('/') && !location.startsWith('//')) return location;
    url = new URL(location, location.startsWith('//') ? upstream.origin : undefined);
  } catch {
    return location;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return location;
  const sameHost = url.hostname === upstream.hostname && (url.port === upstream.port || url.port === '');
  if (!sameHost) return location;
  return `${publicOrigin}${url.pathname}${url.search}${url.hash}`;
}

/** `W/"…"` for a strong ETag: the rewritten bytes are not the upstream's. */
export function weakEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** Whether the answer is an HTML document (the only kind the proxy rewrites). */
export function isHtml(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').trim().toLowerCase().startsWith('text/html');
}

/**
 * HSTS on a proxied answer served over https, as the gateway sets it on its own, unless the
 * upstream set its own: the gateway holds the site's certificate, so https is its promise to keep.
 */
export function withHsts(headers: Headers, https: boolean): void {
  if (!https || headers.has('strict-transport-security')) return;
  const hsts = securityHeaderEntries(true).find(([name]) => name === 'strict-transport-security');
  if (hsts) headers.set(hsts[0], hsts[1]);
}
