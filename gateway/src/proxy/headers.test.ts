import { describe, expect, it } from 'vitest';
import {
  acceptedCodings,
  isCandorApiKey,
  publicLocation,
  upstreamRequestHeaders,
  visitorResponseHeaders,
  weakEtag,
  withoutCookie,
  withoutHopByHop,
} from './headers.ts';

const KEY = `cdr_${'a1B2'.repeat(10)}`;
const context = {
  upstreamHost: 'origin.example.net:8443',
  preserveHost: false,
  requestHost: 'www.example.com',
  peer: '192.0.2.7',
  https: true,
  trustProxy: false,
};

describe('withoutHopByHop', () => {
  it('drops the hop-by-hop headers, the ones Connection names, and every Proxy-* header', () => {
    const out = withoutHopByHop(
      new Headers({
        connection: 'keep-alive, X-Secret-Hop',
        'keep-alive': 'timeout=5',
        'x-secret-hop': '1',
        te: 'trailers',
        trailer: 'x-checksum',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        'proxy-authenticate': 'Basic',
        'cache-control': 'max-age=60',
        etag: '"v1"',
      }),
    );
    expect([...out.keys()].sort()).toEqual(['cache-control', 'etag']);
  });

  it('keeps every Set-Cookie as its own header', () => {
    const source = new Headers();
    source.append('set-cookie', 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
    source.append('set-cookie', 'b=2; HttpOnly');
    expect(withoutHopByHop(source).getSetCookie()).toEqual([
      'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      'b=2; HttpOnly',
    ]);
  });
});

describe('upstreamRequestHeaders', () => {
  it("sends the upstream's Host, or the visitor's with preserveHost", () => {
    const incoming = new Headers({ host: 'www.example.com' });
    expect(upstreamRequestHeaders(incoming, context).get('host')).toBe('origin.example.net:8443');
    expect(upstreamRequestHeaders(incoming, { ...context, preserveHost: true }).get('host')).toBe('www.example.com');
  });

  it('sets X-Forwarded-Proto and -Host, and replaces an untrusted X-Forwarded-For with the peer', () => {
    const out = upstreamRequestHeaders(new Headers({ 'x-forwarded-for': '6.6.6.6' }), context);
    expect(out.get('x-forwarded-for')).toBe('192.0.2.7');
    expect(out.get('x-forwarded-proto')).toBe('https');
    expect(out.get('x-forwarded-host')).toBe('www.example.com');
    expect(upstreamRequestHeaders(new Headers(), { ...context, https: false }).get('x-forwarded-proto')).toBe('http');
  });

  it('appends the peer to the X-Forwarded-For a trusted reverse proxy wrote', () => {
    const out = upstreamRequestHeaders(new Headers({ 'x-forwarded-for': '203.0.113.5' }), {
      ...context,
      trustProxy: true,
    });
    expect(out.get('x-forwarded-for')).toBe('203.0.113.5, 192.0.2.7');
  });

  it("never sends Candor's admin session cookie upstream, and keeps the site's cookies", () => {
    const out = upstreamRequestHeaders(
      new Headers({ cookie: 'theme=dark; candor_session=s3cr3t; candor_consent=abc' }),
      context,
    );
    expect(out.get('cookie')).toBe('theme=dark; candor_consent=abc');
    const only = upstreamRequestHeaders(new Headers({ cookie: 'candor_session=s3cr3t' }), context);
    expect(only.has('cookie')).toBe(false);
  });

  it('never sends a Candor API key upstream, and passes any other Authorization', () => {
    expect(upstreamRequestHeaders(new Headers({ authorization: `Bearer ${KEY}` }), context).has('authorization')).toBe(
      false,
    );
    const basic = upstreamRequestHeaders(new Headers({ authorization: 'Basic dXNlcjpwdw==' }), context);
    expect(basic.get('authorization')).toBe('Basic dXNlcjpwdw==');
  });

  it('strips hop-by-hop headers and Expect on the way up', () => {
    const out = upstreamRequestHeaders(
      new Headers({ connection: 'close', 'transfer-encoding': 'chunked', expect: '100-continue', te: 'trailers' }),
      context,
    );
    for (const name of ['connection', 'transfer-encoding', 'expect', 'te']) expect(out.has(name)).toBe(false);
  });

  it('asks only for codings the proxy can decode', () => {
    const out = upstreamRequestHeaders(new Headers({ 'accept-encoding': 'zstd, br;q=1.0, gzip, deflate' }), context);
    expect(out.get('accept-encoding')).toBe('br;q=1.0, gzip, deflate');
    expect(upstreamRequestHeaders(new Headers({ 'accept-encoding': 'zstd' }), context).has('accept-encoding')).toBe(
      false,
    );
  });
});

describe('small helpers', () => {
  it('withoutCookie removes exactly the named cookie', () => {
    expect(withoutCookie('candor_session_x=1; candor_session=2', 'candor_session')).toBe('candor_session_x=1');
    expect(withoutCookie(null, 'candor_session')).toBeUndefined();
  });

  it('isCandorApiKey recognises only the cdr_ key format', () => {
    expect(isCandorApiKey(`bearer ${KEY}`)).toBe(true);
    expect(isCandorApiKey('Bearer cdr_short')).toBe(false);
    expect(isCandorApiKey('Bearer eyJhbGciOi.x.y')).toBe(false);
  });

  it('acceptedCodings keeps identity and drops unknown codings', () => {
    expect(acceptedCodings('identity, compress')).toBe('identity');
    expect(acceptedCodings(null)).toBeUndefined();
  });

  it('weakEtag weakens a strong validator once', () => {
    expect(weakEtag('"abc"')).toBe('W/"abc"');
    expect(weakEtag('W/"abc"')).toBe('W/"abc"');
  });
});

describe('Location', () => {
  const upstream = new URL('http://origin.example.net:8080');
  const where = { upstream, publicOrigin: 'https://www.example.com' };

  it.each([
    ['http://origin.example.net:8080/landing?x=1#top', 'https://www.example.com/landing?x=1#top'],
    ['https://origin.example.net/secure', 'https://www.example.com/secure'],
    ['//origin.example.net:8080/p', 'https://www.example.com/p'],
    ['/relative/path', '/relative/path'],
    ['other', 'other'],
    ['https://accounts.example.org/login', 'https://accounts.example.org/login'],
    ['http://origin.example.net:9999/other-port', 'http://origin.example.net:9999/other-port'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
  ])('%s → %s', (location, expected) => {
    expect(publicLocation(location, where)).toBe(expected);
  });

  it('is rewritten in the headers handed to the visitor', () => {
    const out = visitorResponseHeaders(new Headers({ location: 'http://origin.example.net:8080/a' }), where);
    expect(out.get('location')).toBe('https://www.example.com/a');
  });
});
