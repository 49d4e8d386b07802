// Paths of the visitor's privacy requests: the public submission endpoint.
import { DETAILS_MAX, EMAIL_MAX, HONEYPOT_FIELD, PER_EMAIL_PER_HOUR, RECTIFICATION_MAX } from '../requests/intake.ts';
import { JURISDICTIONS, REQUEST_TYPES } from '../store/records.ts';
import { ref, response } from './schemas.ts';

const noStore = { 'cache-control': { schema: { const: 'no-store' } } };
const html = { 'text/html': { schema: { type: 'string' } } };

const fields = {
  type: {
    enum: [...REQUEST_TYPES],
    description:
      'access (a copy, Art. 15), rectify (Art. 16), erase (Art. 17), restrict (Art. 18), port (CSV and JSON, Art. 20), object (to direct marketing, Art. 21).',
  },
  email: { type: 'string', format: 'email', maxLength: EMAIL_MAX, description: 'Where the confirmation link goes.' },
  details: { type: ['string', 'null'], maxLength: DETAILS_MAX },
  rectification: {
    type: ['string', 'null'],
    maxLength: RECTIFICATION_MAX,
    description: 'For `rectify`: what is wrong and what it should say. Ignored for other types.',
  },
  jurisdiction: {
    enum: [...JURISDICTIONS],
    description:
      'Which deadline applies: `gdpr` (one month) or `ccpa` (45 days, California). Default: `privacyRequests.jurisdiction` of the config.',
  },
  locale: {
    type: 'string',
    maxLength: 35,
    description: 'The language of the emails (`en` or `de`); otherwise from Accept-Language, else English.',
  },
  [HONEYPOT_FIELD]: {
    type: 'string',
    description: 'A honeypot: leave it empty. A filled one is answered like any valid submission and filed nowhere.',
  },
};
const required = ['type', 'email'];

const received = {
  type: 'object',
  required: ['status', 'message'],
  properties: { status: { const: 'received' }, message: { type: 'string' } },
};

const validation = {
  allOf: [
    ref('schemas', 'Problem'),
    {
      type: 'object',
      properties: {
        errors: {
          type: 'array',
          description: 'Every bad field, with a message fit to show beside it (it never echoes the value).',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  ],
};

export const requestPaths = {
  '/api/privacy-requests': {
    post: {
      operationId: 'submitPrivacyRequest',
      tags: ['requests'],
      summary: 'Make a GDPR/CCPA privacy request; it waits for the emailed confirmation link',
      description:
        'Files the request and emails a link (`/privacy-requests/verify/<token>`, valid 24 hours) that the requester ' +
        'opens to confirm it; only then does the deadline run and are connected systems told. Enumeration-safe: every ' +
        'valid submission gets the same 202 body, whether the address is new or known, repeated (a pending request ' +
        'of the same address and type takes the latest content and gets a new link instead of a second request), a ' +
        'bot’s (honeypot filled) or over the per-mailbox limit (' +
        `${PER_EMAIL_PER_HOUR} confirmation mails an hour per request type, aliases counted as one mailbox; past it ` +
        'the request is still filed, and a link already mailed confirms it, or one follows in the next free slot). A form post ' +
        '(urlencoded, the site’s form without JavaScript) gets HTML pages instead of JSON. Limited to ' +
        '5 requests an hour per client (`PRIVACY_REQUESTS_PER_HOUR` in app.ts).',
      security: [],
      requestBody: {
        required: true,
        description: 'JSON refuses unknown fields; a form post ignores them. At most 64 KB.',
        content: {
          'application/json': {
            schema: { type: 'object', additionalProperties: false, required, properties: fields },
            example: { type: 'erase', email: 'ada@example.com', details: 'Please delete my account.' },
          },
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', required, properties: fields },
          },
        },
      },
      responses: {
        '202': response(
          'Received (always the same body). A form post gets an HTML "Check your email" page, byte for byte the same for every valid submission.',
          { 'application/json': { schema: received }, ...html },
          noStore,
        ),
        '400': response(
          'Invalid input (`validation_failed`, `invalid_json`). A form post gets an HTML page listing the errors.',
          { 'application/problem+json': { schema: validation }, ...html },
        ),
        '413': ref('responses', 'PayloadTooLarge'),
        '415': ref('responses', 'UnsupportedMediaType'),
        '429': response(
          'Rate limited per client (`rate_limited`); an HTML page for a form post.',
          { 'application/problem+json': { schema: ref('schemas', 'Problem') }, ...html },
          { 'retry-after': ref('headers', 'RetryAfter') },
        ),
        '500': ref('responses', 'Internal'),
      },
    },
  },
};
