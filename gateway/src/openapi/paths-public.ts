// Paths of the public endpoints: the tracker's event beacon, consent records, health, this document.
import { MAX_EVENT_BYTES } from '../analytics/body.ts';
import { CONSENT_BODY_LIMIT } from '../consent/routes.ts';
import { ref, response } from './schemas.ts';

const problem = (description: string, headers: Record<string, object> = {}) =>
  response(description, { 'application/problem+json': { schema: ref('schemas', 'Problem') } }, headers);
const noStore = { 'cache-control': { schema: { const: 'no-store' } } };

export const publicPaths = {
  '/api/event': {
    post: {
      operationId: 'collectEvent',
      tags: ['analytics'],
      summary: 'Record an analytics event (the tracker beacon)',
      description:
        'Sent by the tracker with `navigator.sendBeacon` (text/plain, so no CORS preflight) or fetch. ' +
        'A request without a Content-Type is read as JSON too. The event is buffered and 202 is answered before ' +
        'storage; events from bots, prefetches or for a hostname that is no configured site are dropped silently, ' +
        'also with 202. No cookie is set and the client address is never stored.',
      security: [],
      requestBody: {
        required: true,
        description: `At most ${MAX_EVENT_BYTES} bytes.`,
        content: {
          'text/plain': {
            schema: {
              type: 'string',
              contentMediaType: 'application/json',
              contentSchema: ref('schemas', 'EventBody'),
            },
          },
          'application/json': { schema: ref('schemas', 'EventBody') },
        },
      },
      responses: {
        '202': response('Accepted (or deliberately dropped). No body.', undefined, noStore),
        '400': problem('The body is not valid JSON or not a valid event (`validation_failed`).'),
        '413': problem(`The body is over ${MAX_EVENT_BYTES} bytes (\`payload_too_large\`).`),
        '415': problem('The Content-Type is neither text/plain nor application/json (`unsupported_media_type`).'),
        '429': ref('responses', 'TooManyRequests'),
        '503': problem('The event buffer is full; the event was not recorded (`unavailable`).', {
          'retry-after': ref('headers', 'RetryAfter'),
        }),
      },
    },
  },
  '/api/banner': {
    get: {
      operationId: 'getBanner',
      tags: ['consent'],
      summary: 'The banner config for a site and locale (what `/candor.js` loads)',
      description:
        'The config the banner needs, with absolute links on the public origin (or the URLs `pages` names) and the ' +
        '`configHash` a consent record made under it must cite. The gateway archives every notice it serves, so the ' +
        'hash stays valid, and its record shows what the visitor saw, for as long as a record cites it.',
      security: [],
      parameters: [
        {
          name: 'site',
          in: 'query',
          required: false,
          description: 'A site id; default the first.',
          schema: { type: 'string' },
        },
        {
          name: 'locale',
          in: 'query',
          required: false,
          description: "One of the config's locales; default the first.",
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': response(
          'The banner config.',
          { 'application/json': { schema: ref('schemas', 'BannerConfig') } },
          {
            'cache-control': { schema: { type: 'string' }, description: '`public, max-age=300`.' },
            etag: { schema: { type: 'string' } },
          },
        ),
        '304': { description: 'Not modified (If-None-Match).' },
        '400': problem('An unknown site or locale (`bad_request`).'),
        '500': ref('responses', 'Internal'),
      },
    },
  },
  '/api/consent': {
    post: {
      operationId: 'recordConsent',
      tags: ['consent'],
      summary: "Record a visitor's cookie choice (proof of consent)",
      description:
        'Appends one record; 201 means it is durable. Only ids of the config, no id both granted and denied, ' +
        '`necessary` always granted (a service may be granted without its category), the current (or an accepted) policy ' +
        'revision, and a `configHash` of a notice this gateway has served (400 otherwise). Limited to 20 requests a minute per client.',
      security: [],
      parameters: [
        {
          name: 'sec-gpc',
          in: 'header',
          required: false,
          description: '`1` marks the record as made under Global Privacy Control.',
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        description: `At most ${CONSENT_BODY_LIMIT} bytes; text/plain is read as JSON.`,
        content: {
          'application/json': { schema: ref('schemas', 'ConsentBody') },
          'text/plain': {
            schema: {
              type: 'string',
              contentMediaType: 'application/json',
              contentSchema: ref('schemas', 'ConsentBody'),
            },
          },
        },
      },
      responses: {
        '201': response('Recorded.', { 'application/json': { schema: ref('schemas', 'ConsentReceipt') } }, noStore),
        '400': ref('responses', 'BadRequest'),
        '413': ref('responses', 'PayloadTooLarge'),
        '415': ref('responses', 'UnsupportedMediaType'),
        '429': ref('responses', 'TooManyRequests'),
        '500': ref('responses', 'Internal'),
      },
    },
  },
  '/api/consent/{id}': {
    get: {
      operationId: 'getConsentHistory',
      tags: ['consent'],
      summary: 'The consent records of one consent id',
      description: 'Anyone holding the random id may read its history; it contains no personal identifier.',
      security: [],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        {
          name: 'download',
          in: 'query',
          required: false,
          allowEmptyValue: true,
          description: 'When present (any value), the JSON is sent as an attachment `consent-record-<id>.json`.',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': response(
          'The history, oldest first.',
          { 'application/json': { schema: ref('schemas', 'ConsentHistory') } },
          { ...noStore, 'content-disposition': { schema: { type: 'string' }, description: 'Only with `download`.' } },
        ),
        '400': problem('The id is not a UUID (`bad_request`).'),
        '404': problem('Nothing has been recorded under this id (`not_found`).'),
        '500': ref('responses', 'Internal'),
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      tags: ['meta'],
      summary: 'This OpenAPI document',
      security: [],
      responses: {
        '200': response(
          'The OpenAPI 3.1 document.',
          { 'application/json': { schema: { type: 'object' } } },
          { 'cache-control': { schema: { const: 'public, max-age=300' } } },
        ),
      },
    },
  },
  '/healthz': {
    get: {
      operationId: 'getHealth',
      tags: ['health'],
      summary: 'Liveness: the process answers',
      security: [],
      responses: {
        '200': response('Alive.', { 'application/json': { schema: ref('schemas', 'Health') } }, noStore),
      },
    },
  },
  '/readyz': {
    get: {
      operationId: 'getReadiness',
      tags: ['health'],
      summary: 'Readiness: both stores are open and answer a read',
      description: 'Each store gets one read-only query with a 2 s timeout; the answer is reused for one second.',
      security: [],
      responses: {
        '200': response('Ready.', { 'application/json': { schema: ref('schemas', 'Ready') } }, noStore),
        '503': problem('A store is not ready; `detail` names it (`unavailable`).', {
          'retry-after': ref('headers', 'RetryAfter'),
        }),
      },
    },
  },
};
