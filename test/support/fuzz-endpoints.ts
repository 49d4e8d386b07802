import fc from 'fast-check';
import {
  body,
  categories,
  commonHeaders,
  email,
  type FuzzContext,
  type FuzzRequest,
  jsonValue,
  list,
  req,
  STATS,
  statsQuery,
  token,
  weird,
} from './fuzz-inputs.ts';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'text/plain', ''];

/** A real token with one character changed, cut short or extended: forged but plausible. */
function mutated(real: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(real),
    fc
      .nat({ max: Math.max(0, real.length - 1) })
      .map((i) => `${real.slice(0, i)}${real[i] === 'A' ? 'B' : 'A'}${real.slice(i + 1)}`),
    fc.nat({ max: real.length }).map((n) => real.slice(0, n)),
    fc.string({ maxLength: 10 }).map((s) => real + encodeURIComponent(s)),
  );
}

/** Paths aimed at escaping site/dist: dot segments, encodings, NULs, backslashes, very long paths. */
export function staticPath(dataDir: string): fc.Arbitrary<string> {
  const targets = [
    'etc/passwd',
    'package.json',
    'gateway/src/app.ts',
    `${dataDir.slice(1)}/secret`,
    'pnpm-workspace.yaml',
  ];
  const up = fc.constantFrom(
    '../',
    '..%2f',
    '%2e%2e/',
    '%2e%2e%2f',
    '..%5c',
    '%252e%252e/',
    '.%2e/',
    '..;/',
    '%c0%ae%c0%ae/',
    '....//',
  );
  return fc.oneof(
    fc
      .tuple(
        fc.array(up, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...targets),
        fc.constantFrom('', '%00', '%00.html', '/', '?x=1'),
      )
      .map(([ups, target, tail]) => `/${ups.join('')}${target}${tail}`),
    fc.constantFrom(
      '/',
      '/index.html',
      '/privacy',
      '/pricing/',
      '/favicon.svg',
      '/%2e%2e',
      '/./././',
      '//etc/passwd',
      '/\u00ff\u00fe',
    ),
    fc.array(fc.oneof(weird, fc.webSegment()), { maxLength: 8 }).map((segs) => `/${segs.join('/')}`),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => `/${'a/'.repeat(n / 2)}`),
    fc.webPath(),
  );
}

/** Every public endpoint with its share of the traffic (weights) and its hostile inputs. */
export function endpoints(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const h = commonHeaders(ctx);
  const forms = commonHeaders(ctx, FORM_TYPES);
  const formBody = fc
    .dictionary(
      fc.oneof(fc.constantFrom('List-Unsubscribe', 'list', 'email', 'type', 'code', 'csrf'), fc.string()),
      fc.string(),
      {
        maxKeys: 5,
      },
    )
    .map((o) => ({ text: new URLSearchParams(o).toString() }));
  const unsubToken = fc.oneof(mutated(ctx.unsubscribeToken), token);
  const event = body(
    {
      n: fc.oneof(fc.constantFrom('pageview', 'signup'), fc.string()),
      u: fc.oneof(
        fc.webUrl({ withQueryParameters: true }),
        fc.constantFrom('http://localhost/', 'http://127.0.0.1/x?utm_source=a'),
        fc.string(),
      ),
      r: fc.oneof(fc.webUrl(), fc.string()),
      w: fc.oneof(fc.integer(), fc.double()),
      p: fc.oneof(jsonValue, fc.dictionary(fc.string(), fc.string())),
      e: fc.oneof(fc.integer(), fc.double(), fc.string()),
    },
    4 * 1024,
  );
  const consent = body(
    {
      id: fc.oneof(fc.uuid(), token),
      action: fc.oneof(fc.constantFrom('accept_all', 'reject_all', 'custom', 'withdraw'), fc.string()),
      granted: categories,
      denied: categories,
      revision: fc.oneof(fc.string(), fc.integer()),
      configHash: fc.string(),
      locale: fc.oneof(fc.constantFrom('en', 'de', 'en-US'), fc.string()),
      gpc: fc.oneof(fc.boolean(), fc.string()),
      path: fc.oneof(fc.webPath(), fc.string()),
    },
    64 * 1024,
  );
  const privacy = body(
    {
      type: fc.oneof(fc.constantFrom('access', 'rectify', 'erase', 'restrict', 'port', 'object'), fc.string()),
      email,
      details: fc.oneof(fc.string({ maxLength: 3000 }), jsonValue),
    },
    64 * 1024,
  );
  const systemReport = body(
    {
      status: fc.oneof(fc.constantFrom('done', 'failed', 'not_found'), fc.string()),
      data: jsonValue,
      signature: token,
    },
    1024 * 1024,
  );
  const suppressionsCheck = body({ emails: fc.oneof(fc.array(email, { maxLength: 600 }), jsonValue) }, 64 * 1024);
  const links = body({ email, list }, 64 * 1024);
  const methods = fc.oneof(
    fc.constantFrom(
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'TRACE',
      'PROPFIND',
      'M-SEARCH',
      'PURGE',
    ),
    fc.stringMatching(/^[A-Z]{1,12}$/),
  );
  const anyPath = fc.oneof(
    fc.constantFrom(
      '/api/event',
      '/api/consent',
      '/u/x',
      '/api/privacy-requests',
      '/admin/login',
      '/api/stats/summary',
      '/api/suppressions',
    ),
    fc.webPath(),
  );
  const post = 'POST';
  return fc.oneof(
    { weight: 10, arbitrary: req('POST /api/event', post, '/api/event', h, event) },
    { weight: 6, arbitrary: req('POST /api/consent', post, '/api/consent', h, consent) },
    {
      weight: 4,
      arbitrary: req(
        'GET /api/consent/:id',
        'GET',
        token.map((t) => `/api/consent/${t}`),
        h,
      ),
    },
    {
      weight: 4,
      arbitrary: req(
        'GET|HEAD /u/:token',
        fc.constantFrom('GET', 'HEAD'),
        unsubToken.map((t) => `/u/${t}`),
        h,
      ),
    },
    {
      weight: 5,
      arbitrary: req(
        'POST /u/:token',
        post,
        unsubToken.map((t) => `/u/${t}`),
        forms,
        fc.oneof(formBody, body({ list }, 64 * 1024)),
      ),
    },
    {
      weight: 5,
      arbitrary: req(
        'POST /api/privacy-requests',
        post,
        '/api/privacy-requests',
        fc.oneof(h, forms),
        fc.oneof(privacy, formBody),
      ),
    },
    {
      weight: 3,
      arbitrary: req(
        'GET /privacy-requests/verify/:token',
        'GET',
        token.map((t) => `/privacy-requests/verify/${t}`),
        h,
      ),
    },
    {
      weight: 3,
      arbitrary: req(
        'POST /privacy-requests/verify/:token',
        post,
        token.map((t) => `/privacy-requests/verify/${t}`),
        forms,
        formBody,
      ),
    },
    {
      weight: 3,
      arbitrary: req(
        'GET /privacy-requests/download/:id',
        'GET',
        token.map((t) => `/privacy-requests/download/${t}`),
        h,
      ),
    },
    {
      weight: 3,
      arbitrary: req(
        'POST /privacy-requests/download/:id',
        post,
        token.map((t) => `/privacy-requests/download/${t}`),
        forms,
        formBody,
      ),
    },
    {
      weight: 4,
      arbitrary: req(
        'POST /api/privacy-requests/:id/systems/:system',
        post,
        fc
          .tuple(token, fc.oneof(fc.constantFrom('crm', 'hubspot', 'mailer'), token))
          .map(([id, s]) => `/api/privacy-requests/${id}/systems/${s}`),
        commonHeaders(ctx).chain((hh) =>
          fc
            .oneof(fc.constant(undefined), token, fc.constantFrom('sha256=00', 't=1,v1=abc'))
            .map((sig) => (sig ? { ...hh, 'x-candor-signature': sig } : hh)),
        ),
        systemReport,
      ),
    },
    { weight: 5, arbitrary: req('POST /admin/login', post, '/admin/login', forms, formBody) },
    {
      weight: 8,
      arbitrary: req(
        'GET /api/stats/*',
        'GET',
        fc.tuple(fc.constantFrom(...STATS), statsQuery).map(([r, q]) => `/api/stats/${r}?${q}`),
        h,
      ),
    },
    { weight: 4, arbitrary: req('POST /api/unsubscribe-links', post, '/api/unsubscribe-links', h, links) },
    {
      weight: 3,
      arbitrary: req(
        'GET /api/suppressions',
        'GET',
        statsQuery.map((q) => `/api/suppressions?${q.replace(/^site=/, 'since=')}`),
        h,
      ),
    },
    {
      weight: 4,
      arbitrary: req('POST /api/suppressions/check', post, '/api/suppressions/check', h, suppressionsCheck),
    },
    { weight: 10, arbitrary: req('GET /<static>', fc.constantFrom('GET', 'HEAD'), staticPath(ctx.dataDir), h) },
    {
      weight: 4,
      arbitrary: req('<random method>', methods, anyPath, h, fc.option(body({}, 64 * 1024), { nil: undefined })),
    },
  );
}
