// components of the OpenAPI document: schemas, shared responses, headers and security schemes.
import { PROBLEM_STATUS } from '../errors.ts';
import { INTERVALS, SESSION_DIMENSIONS } from '../reports/port.ts';
import { CONSENT_ACTIONS } from '../store/records.ts';

/** A `$ref` to a component. */
export const ref = (kind: 'schemas' | 'responses' | 'parameters' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

const requestIdHeader = { 'x-request-id': ref('headers', 'RequestId') };

/** A response object that carries the `x-request-id` header every Candor response has. */
export function response(
  description: string,
  content?: Record<string, { schema: object; example?: unknown }>,
  headers: Record<string, object> = {},
) {
  return { description, headers: { ...requestIdHeader, ...headers }, ...(content ? { content } : {}) };
}

const problemContent = { 'application/problem+json': { schema: ref('schemas', 'Problem') } };
const retryAfter = { 'retry-after': ref('headers', 'RetryAfter') };

const metricProperties = {
  visitors: { type: 'integer', minimum: 0, description: 'Daily unique visitors, summed over the days of the range.' },
  visits: { type: 'integer', minimum: 0, description: 'Sessions with at least one pageview in the range.' },
  pageviews: { type: 'integer', minimum: 0 },
  views_per_visit: { type: 'number', minimum: 0, description: 'pageviews / visits, 2 decimals.' },
  bounce_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Single-pageview visits / visits, 4 decimals.' },
  visit_duration: { type: 'integer', minimum: 0, description: 'Mean engaged time per visit, whole seconds.' },
  events: { type: 'integer', minimum: 0, description: 'Custom events (neither pageview nor engagement).' },
  conversions: { type: 'integer', minimum: 0, description: 'Only with `goal`: visits that reached the goal.' },
  conversion_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Only with `goal`: conversions / visits.' },
} as const;

const reportMeta = {
  site: { type: 'string', description: 'The resolved site id.' },
  from: { type: 'string', format: 'date' },
  to: { type: 'string', format: 'date' },
  tz: { type: 'string', description: 'The IANA time zone of the days.' },
  filters: { type: 'string', description: 'The filters as applied, in the `filters` syntax ("" for none).' },
  goal: { type: ['string', 'null'], description: '`event:<name>` or `page:<path>`, or null.' },
} as const;
const metaRequired = ['site', 'from', 'to', 'tz', 'filters', 'goal'];

/** A `{from, to, results}` comparison period whose results have the given schema. */
const comparison = (results: object) => ({
  type: 'object',
  description: 'With `compare=previous`: the same report over the range of equal length just before `from`.',
  required: ['from', 'to', 'results'],
  properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, results },
});

export const components = {
  securitySchemes: {
    apiKey: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'cdr_ followed by 40 base62 characters',
      description:
        'An API key created in the admin (`Authorization: Bearer cdr_…`). Keys carry scopes: `stats:read`, ' +
        '`unsubscribe:write`, `suppressions:read`; the stats API needs `stats:read`. A missing, unknown or revoked ' +
        'key is a 401, a key without the scope a 403 (`WWW-Authenticate: Bearer error="insufficient_scope"`).',
    },
    session: {
      type: 'apiKey',
      in: 'cookie',
      name: 'candor_session',
      description:
        'A staff session from signing in at /admin/login. The stats API admits the roles `admin` and `marketer`; ' +
        'another role is a 403. When an `Authorization` header is present, the cookie is not consulted.',
    },
  },
  headers: {
    RequestId: {
      description:
        'The request id (echoed from the request header when given, else generated); also in `requestId` of a problem and in the log.',
      schema: { type: 'string', maxLength: 64 },
    },
    RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
    ContentDisposition: {
      description: 'attachment; filename="candor-<site>-<report>-<from>_<to>.<ext>"',
      schema: { type: 'string' },
    },
  },
  responses: {
    BadRequest: response('Invalid input (`invalid_json`, `validation_failed` or `bad_request`).', problemContent),
    Unauthorized: response('No valid session or API key (`unauthorized`).', problemContent, {
      'www-authenticate': { schema: { type: 'string' } },
    }),
    Forbidden: response('The role or the API key scope does not allow this route (`forbidden`).', problemContent),
    NotFound: response('Not found (`not_found`).', problemContent),
    PayloadTooLarge: response('The body is too large (`payload_too_large`).', problemContent),
    UnsupportedMediaType: response('Wrong Content-Type (`unsupported_media_type`).', problemContent),
    TooManyRequests: response('Rate limited per client (`rate_limited`).', problemContent, retryAfter),
    Internal: response('An unexpected error (`internal`); the detail never shows the cause.', problemContent),
  },
  schemas: {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details, as `application/problem+json`.',
      required: ['type', 'title', 'status', 'detail', 'requestId'],
      properties: {
        type: {
          type: 'string',
          description: '`urn:candor:problem:<code>`',
          enum: Object.keys(PROBLEM_STATUS).map((code) => `urn:candor:problem:${code}`),
        },
        title: { type: 'string', description: 'A fixed title per code.' },
        status: { type: 'integer', enum: [...new Set(Object.values(PROBLEM_STATUS))] },
        detail: {
          type: 'string',
          description: 'Safe to show; for parameter errors it starts with the parameter name.',
        },
        requestId: { type: 'string', description: 'The same value as the `x-request-id` header.' },
      },
      example: {
        type: 'urn:candor:problem:validation_failed',
        title: 'Validation failed',
        status: 400,
        detail: 'from: must not be after to',
        requestId: '6f1c0a0e-52d4-4a7e-9d7e-1f0d3c2b9a11',
      },
    },
    EventBody: {
      type: 'object',
      description: 'What the tracker sends. Unknown fields are ignored.',
      required: ['n', 'u'],
      properties: {
        n: {
          type: 'string',
          minLength: 1,
          maxLength: 120,
          description: 'Event name: `pageview`, `engagement` or a custom event.',
        },
        u: { type: 'string', format: 'uri', description: 'The page URL (http or https). Its host selects the site.' },
        r: { type: ['string', 'null'], description: 'The referrer; one longer than 2,048 characters is dropped.' },
        w: {
          type: ['number', 'null'],
          minimum: 0,
          maximum: 100000,
          description: 'Viewport width in CSS pixels. Accepted from older trackers and ignored.',
        },
        p: {
          type: ['object', 'null'],
          maxProperties: 30,
          additionalProperties: { type: ['string', 'number', 'boolean'] },
          description: 'Custom props; numbers and booleans are stored as strings.',
        },
        e: { type: ['number', 'null'], minimum: 0, maximum: 86400000, description: 'Engaged time in ms.' },
      },
      example: {
        n: 'pageview',
        u: 'https://example.com/pricing?utm_source=news',
        r: 'https://www.google.com/',
      },
    },
    ConsentBody: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'action', 'granted', 'denied', 'revision', 'configHash', 'locale', 'gpc', 'path'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'The random consent id the banner keeps in the browser.' },
        action: { type: 'string', enum: [...CONSENT_ACTIONS] },
        granted: {
          type: 'array',
          maxItems: 100,
          items: ref('schemas', 'ConsentId'),
          description: 'Must include `necessary`.',
        },
        denied: { type: 'array', maxItems: 100, items: ref('schemas', 'ConsentId') },
        revision: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}$',
          description: "The policy revision shown; must be the config's current or an accepted one.",
        },
        configHash: {
          type: 'string',
          pattern: '^[0-9a-f]{64}$',
          description: 'SHA-256 hex of the notice the banner showed; one this gateway has served.',
        },
        locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' },
        gpc: { type: 'boolean', description: 'Global Privacy Control; also true when the request has `Sec-GPC: 1`.' },
        path: { type: 'string', pattern: '^/', maxLength: 2048, description: 'Query string and fragment are dropped.' },
      },
    },
    ConsentId: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_-]{0,39}$',
      description: 'A category or service id from the config.',
    },
    ConsentReceipt: {
      type: 'object',
      required: ['id', 'recordedAt'],
      properties: { id: { type: 'string', format: 'uuid' }, recordedAt: { type: 'string', format: 'date-time' } },
    },
    ConsentHistory: {
      type: 'object',
      required: ['id', 'controller', 'note', 'records'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        controller: {
          type: 'object',
          required: ['name', 'address', 'contact'],
          properties: {
            name: { type: 'string' },
            address: { type: 'string' },
            contact: { type: 'string', format: 'email' },
          },
        },
        note: { type: 'string' },
        records: { type: 'array', items: ref('schemas', 'ConsentRecord'), description: 'Oldest first.' },
      },
    },
    ConsentRecord: {
      type: 'object',
      required: ['recordedAt', 'action', 'granted', 'denied', 'revision', 'configHash', 'locale', 'gpc', 'path'],
      properties: {
        recordedAt: { type: 'string', format: 'date-time' },
        action: { type: 'string', enum: [...CONSENT_ACTIONS] },
        granted: { type: 'array', items: { type: 'string' } },
        denied: { type: 'array', items: { type: 'string' } },
        revision: { type: 'string' },
        configHash: { type: 'string' },
        locale: { type: 'string' },
        gpc: { type: 'boolean' },
        path: { type: 'string' },
        notice: {
          type: ['object', 'null'],
          description:
            'What the banner showed: its config, its texts in `locale`, and each service with provider, purpose and ' +
            'cookies. Null for a record made before the gateway kept notices.',
        },
        noticeFirstServedAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    BannerConfig: {
      type: 'object',
      required: ['revision', 'cookie', 'endpoint', 'links', 'textLocale', 'categories', 'consentMode', 'configHash'],
      properties: {
        revision: { type: 'string' },
        cookie: { type: 'object' },
        endpoint: { type: 'string', format: 'uri' },
        links: {
          type: 'object',
          required: ['privacy', 'cookies'],
          properties: { privacy: { type: 'string', format: 'uri' }, cookies: { type: 'string', format: 'uri' } },
        },
        textLocale: { type: 'string' },
        categories: { type: 'array', items: { type: 'object' } },
        consentMode: { type: 'object', additionalProperties: { type: 'string' } },
        configHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
    Health: {
      type: 'object',
      required: ['status'],
      properties: { status: { const: 'ok' } },
    },
    Ready: {
      type: 'object',
      required: ['status', 'checks'],
      properties: {
        status: { const: 'ready' },
        checks: {
          type: 'object',
          required: ['records', 'events'],
          properties: { records: { const: 'ok' }, events: { const: 'ok' } },
        },
      },
    },
    Metrics: {
      type: 'object',
      required: ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration', 'events'],
      properties: metricProperties,
    },
    TimeseriesPoint: {
      allOf: [
        ref('schemas', 'Metrics'),
        {
          type: 'object',
          required: ['date'],
          properties: {
            date: {
              type: 'string',
              description: "The bucket's local start: `YYYY-MM-DD HH:00` for hours, `YYYY-MM-DD` otherwise.",
            },
          },
        },
      ],
    },
    BreakdownRow: {
      type: 'object',
      description:
        "The keys are exactly the report's `columns`: session properties `value, visitors, visits, pageviews, " +
        'bounce_rate, visit_duration`; `page` adds `time_on_page`; `event`, `prop:*` and the aliases have `value, ' +
        'visitors, visits, events`; a `goal` adds `conversions, conversion_rate`.',
      required: ['value'],
      properties: {
        value: { type: 'string', description: "The property's value ('' for none, e.g. direct traffic)." },
        ...metricProperties,
        time_on_page: {
          type: 'integer',
          minimum: 0,
          description: 'page only: engaged seconds per pageview of the page.',
        },
      },
      additionalProperties: false,
    },
    SummaryReport: {
      type: 'object',
      required: [...metaRequired, 'results', 'dropped_events'],
      properties: {
        ...reportMeta,
        results: ref('schemas', 'Metrics'),
        comparison: comparison(ref('schemas', 'Metrics')),
        dropped_events: {
          type: 'object',
          description: 'Events not stored for the site on the days of the range (bots, prefetches…), unfiltered.',
          required: ['total', 'reasons'],
          properties: {
            total: { type: 'integer', minimum: 0 },
            reasons: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
    TimeseriesReport: {
      type: 'object',
      required: [...metaRequired, 'interval', 'results'],
      properties: {
        ...reportMeta,
        interval: { type: 'string', enum: [...INTERVALS] },
        results: {
          type: 'array',
          items: ref('schemas', 'TimeseriesPoint'),
          description: 'Every bucket, zeros included.',
        },
        comparison: comparison({ type: 'array', items: ref('schemas', 'TimeseriesPoint') }),
      },
    },
    BreakdownReport: {
      type: 'object',
      required: [...metaRequired, 'property', 'columns', 'page', 'limit', 'more', 'results'],
      properties: {
        ...reportMeta,
        property: {
          type: 'string',
          description: `\`page\`, \`event\`, one of ${SESSION_DIMENSIONS.map((d) => `\`${d}\``).join(', ')}, or \`prop:<key>\` (aliases are resolved).`,
        },
        event: { type: 'string', description: 'For prop breakdowns: the event whose prop is broken down.' },
        columns: { type: 'array', items: { type: 'string' } },
        page: { type: 'integer', minimum: 1 },
        limit: { type: 'integer', minimum: 1 },
        more: { type: 'boolean', description: 'True when a next page has rows.' },
        results: {
          type: 'array',
          items: ref('schemas', 'BreakdownRow'),
          description: 'Best first: visitors, visits, value.',
        },
        comparison: comparison({
          type: 'array',
          items: ref('schemas', 'BreakdownRow'),
          description: 'The same values in the previous period, row for row (zeros where a value had nothing).',
        }),
      },
    },
    RealtimeReport: {
      type: 'object',
      required: ['site', 'at', 'visitors'],
      properties: {
        site: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        visitors: {
          type: 'integer',
          minimum: 0,
          description: 'Distinct sessions with any event in the last 5 minutes.',
        },
      },
    },
  },
};
