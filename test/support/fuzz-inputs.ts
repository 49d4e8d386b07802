import fc from 'fast-check';

/** One hostile request, as data: it can be printed, replayed and sent over node:http or a raw socket. */
export interface FuzzRequest {
  /** Which public endpoint this aims at, for the per-endpoint counts. */
  endpoint: string;
  method: string;
  /** Path and query as a latin1 string: chars 0x80–0xff go out as single raw (invalid UTF-8) bytes. */
  path: string;
  headers: Record<string, string>;
  body?: Body;
  /** Set for requests that node:http refuses to send (CR/LF, bare bytes): written to a socket as is. */
  raw?: string;
}

/** A body; big ones are described, not held, so a long run does not keep megabytes in memory. */
export type Body = { bytes: number[] } | { text: string } | { repeat: string; times: number };

/** What the fuzzer knows about the running gateway: real credentials and tokens to mutate. */
export interface FuzzContext {
  apiKey: string;
  unsubscribeToken: string;
  dataDir: string;
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/problem+json',
  'text/html',
  'application/octet-stream',
  'application/json; charset=latin1',
  '',
  ';;;',
  'application/json; boundary=',
];

const weird = fc.constantFrom(
  '',
  ' ',
  '%',
  '%00',
  '%ff%fe',
  '%c0%ae%c0%ae',
  '..',
  '%2e%2e',
  '\u00ff\u00fe',
  'null',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(40),
);
/** Path-safe tokens, forged: random base64url, hex, weird escapes, very long. */
const token = fc.oneof(
  fc.base64String({ maxLength: 120 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
  fc.stringMatching(/^[0-9a-f]{1,80}$/),
  fc.uuid(),
  weird,
  fc.integer({ min: 500, max: 9000 }).map((n) => 'A'.repeat(n)),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => encodeURIComponent(s)),
);

/** JSON that parses, of any shape, sometimes deeply nested or with awkward keys. */
const jsonValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.oneof(weird, fc.string()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 }),
  },
);

/** Bytes that are not valid UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences. */
const badUtf8 = fc.array(
  fc.oneof(
    fc.constantFrom([0x80], [0xc0, 0xae], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0xe2, 0x82], [0xff], [0x00]),
    fc.uint8Array({ maxLength: 6 }).map((a) => [...a]),
  ),
  { maxLength: 40 },
);

function objectBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Body> {
  return fc.record(fields, { requiredKeys: [] }).map((o) => ({ text: JSON.stringify(o) }));
}

/** Bodies for an endpoint: near-valid objects from `fields`, random JSON, malformed text, bad bytes, huge. */
function body(fields: Record<string, fc.Arbitrary<unknown>>, hugeAt: number): fc.Arbitrary<Body> {
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), weird, fc.string());
  return fc.oneof(
    { weight: 6, arbitrary: objectBody(fields) },
    { weight: 2, arbitrary: objectBody(Object.fromEntries(Object.keys(fields).map((k) => [k, anything]))) },
    { weight: 2, arbitrary: jsonValue.map((v) => ({ text: typeof v === 'string' ? v : JSON.stringify(v) })) },
    { weight: 2, arbitrary: fc.string({ maxLength: 300 }).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ text: `{"${s}` })) },
    {
      weight: 1,
      arbitrary: badUtf8.map((parts) => ({ bytes: [0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, ...parts.flat()] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: hugeAt + 1, max: hugeAt * 4 })
        .chain((times) => fc.constantFrom({ repeat: 'a', times }, { repeat: '[', times }, { repeat: '{"a":', times })),
    },
  );
}

const email = fc.oneof(fc.emailAddress(), fc.string({ maxLength: 60 }), weird);
const list = fc.oneof(fc.constantFrom('newsletter', 'product-updates', 'all', '*'), fc.string({ maxLength: 20 }));
const categories = fc.array(
  fc.oneof(fc.constantFrom('necessary', 'preferences', 'analytics', 'marketing'), fc.string()),
);

const STATS = ['summary', 'timeseries', 'breakdown', 'realtime', 'export', 'nope', ''];
const STATS_PARAMS = ['site', 'period', 'from', 'to', 'tz', 'filters', 'goal', 'compare', 'interval', 'property'];
const statsValue = fc.oneof(
  fc.constantFrom('localhost', '7d', '30d', 'today', 'month', '12mo', 'all', 'custom', 'csv', 'json', 'page'),
  fc.constantFrom('Europe/Berlin', 'Mars/Olympus', 'Etc/GMT+14', 'UTC', '../../etc', 'Z', '+99:00'),
  fc.constantFrom('0000-01-01', '9999-12-31', '2026-02-30', '-271821-04-20', '275760-09-13', '2026-1-1'),
  fc.constantFrom('1', '0', '-1', '1e308', '99999999999999999999', 'NaN', 'Infinity', '0x10', '1.5'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => 'x'.repeat(n)),
);
const statsQuery = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...STATS_PARAMS, 'limit', 'page', 'format', 'event'), fc.string()), statsValue),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

const ip = fc.ipV4();
const cookie = fc.oneof(
  fc.constant(undefined),
  token.map((t) => `candor_session=${t}`),
  fc.jsonValue({ maxDepth: 2 }).map((v) => `candor_consent=${encodeURIComponent(JSON.stringify(v))}`),
  fc.string({ maxLength: 200 }).map((s) => `candor_consent=${s.replace(/[^\x21-\x7e]/g, '')}; candor_session=%`),
);

/** Headers every request may carry: a forwarded client address, forged cookies, odd encodings. */
function commonHeaders(ctx: FuzzContext, contentTypes: readonly string[] = JSON_TYPES) {
  return fc
    .record({
      xff: fc.oneof(ip, fc.constantFrom('203.0.113.9', '::1', 'garbage', '', '1.1.1.1, 2.2.2.2', 'x'.repeat(300))),
      type: fc.constantFrom(...contentTypes),
      cookie,
      auth: fc.oneof(
        fc.constant(`Bearer ${ctx.apiKey}`),
        fc.constant(`Bearer ${ctx.apiKey}x`),
        token.map((t) => `Bearer ${t}`),
        fc.constantFrom('Basic Zm9vOmJhcg==', 'Bearer', 'bearer  ', ''),
      ),
      accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'text/csv', ''),
      encoding: fc.constantFrom('', 'gzip', 'br', 'identity;q=0', '*', 'gzip;q=abc'),
      origin: fc.constantFrom(undefined, 'http://evil.example', 'null'),
      etag: fc.constantFrom(undefined, '*', '"x"', 'W/"', '"'.repeat(500)),
    })
    .map(({ xff, type, cookie, auth, accept, encoding, origin, etag }) => {
      const h: Record<string, string> = { 'x-forwarded-for': xff, accept };
      if (type) h['content-type'] = type;
      if (cookie) h.cookie = cookie;
      if (auth) h.authorization = auth;
      if (encoding) h['accept-encoding'] = encoding;
      if (origin) h.origin = origin;
      if (etag) h['if-none-match'] = etag;
      return h;
    });
}

function req(
  endpoint: string,
  method: fc.Arbitrary<string> | string,
  path: fc.Arbitrary<string> | string,
  headers: fc.Arbitrary<Record<string, string>>,
  bodyArb?: fc.Arbitrary<Body | undefined>,
): fc.Arbitrary<FuzzRequest> {
  const m = typeof method === 'string' ? fc.constant(method) : method;
  const p = typeof path === 'string' ? fc.constant(path) : path;
  return fc
    .record({ method: m, path: p, headers, body: bodyArb ?? fc.constant(undefined) })
    .map(({ method, path, headers, body }) => ({ endpoint, method, path, headers, ...(body ? { body } : {}) }));
}

export { badUtf8, body, categories, commonHeaders, email, jsonValue, list, req, STATS, statsQuery, token, weird };
