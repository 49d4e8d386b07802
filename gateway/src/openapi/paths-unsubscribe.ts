// Paths of the sender's API: unsubscribe links and the suppression list (API key or session).
import { SUPPRESSION_PAGE_MAX, SUPPRESSION_SOURCES } from '../store/records.ts';
import { BATCH_MAX } from '../unsubscribe/api.ts';
import { ref, response } from './schemas.ts';

const noStore = { 'cache-control': { schema: { const: 'no-store' } } };
const json = (schema: object) => ({ 'application/json': { schema } });
const auth = (scope: string, roles: string) => ({
  security: [{ apiKey: [] }, { session: [] }],
  description: `Needs an API key with \`${scope}\`, or a staff session of the roles ${roles}.`,
});
const errors = {
  '400': ref('responses', 'BadRequest'),
  '401': ref('responses', 'Unauthorized'),
  '403': ref('responses', 'Forbidden'),
  '415': ref('responses', 'UnsupportedMediaType'),
  '500': ref('responses', 'Internal'),
};

const email = { type: 'string', format: 'email', maxLength: 320 };
const linkRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'list'],
  properties: { email, list: { type: 'string', description: 'A mailing list id of the config.' } },
};
const link = {
  type: 'object',
  required: ['url', 'headers'],
  properties: {
    url: { type: 'string', format: 'uri', description: 'The `/u/<token>` page; the token is encrypted and signed.' },
    headers: {
      type: 'object',
      required: ['List-Unsubscribe', 'List-Unsubscribe-Post'],
      properties: {
        'List-Unsubscribe': { type: 'string', examples: ['<https://example.com/u/k1.abc>, <mailto:u@example.com>'] },
        'List-Unsubscribe-Post': { const: 'List-Unsubscribe=One-Click' },
      },
    },
  },
};
const listId = { type: 'string', description: 'A mailing list id, or `*` for every list.' };

export const unsubscribePaths = {
  '/api/unsubscribe-links': {
    post: {
      operationId: 'createUnsubscribeLinks',
      tags: ['email'],
      summary: 'Unsubscribe links and RFC 8058 headers for outgoing mail',
      ...auth('unsubscribe:write', '`admin` and `privacy`'),
      requestBody: {
        required: true,
        content: json({
          oneOf: [
            linkRequest,
            {
              type: 'object',
              additionalProperties: false,
              required: ['links'],
              properties: { links: { type: 'array', minItems: 1, maxItems: BATCH_MAX, items: linkRequest } },
            },
          ],
        }),
      },
      responses: {
        '200': response(
          'One link, or `{results: [...]}` in the order of `links`.',
          json({ oneOf: [link, { type: 'object', properties: { results: { type: 'array', items: link } } }] }),
          noStore,
        ),
        ...errors,
      },
    },
  },
  '/api/suppressions': {
    get: {
      operationId: 'listSuppressionChanges',
      tags: ['email'],
      summary: 'The suppression change feed, for syncing an email service',
      ...auth('suppressions:read', '`admin` and `privacy`'),
      parameters: [
        {
          name: 'since',
          in: 'query',
          required: false,
          description: 'The `next` of the previous page; 0 (default) reads from the start.',
          schema: { type: 'integer', minimum: 0 },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: SUPPRESSION_PAGE_MAX, default: 100 },
        },
      ],
      responses: {
        '200': response(
          'Changes oldest first. Emails appear only as their keyed HMAC-SHA-256 (hex).',
          json({
            type: 'object',
            required: ['results', 'next', 'more'],
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    cursor: { type: 'integer' },
                    email_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                    list: listId,
                    change: { enum: ['added', 'removed'] },
                    source: { enum: [...SUPPRESSION_SOURCES] },
                    at: { type: 'string', format: 'date-time' },
                  },
                },
              },
              next: { type: 'integer', description: 'Pass as `since` to read on.' },
              more: { type: 'boolean' },
            },
          }),
          noStore,
        ),
        ...errors,
      },
    },
    post: {
      operationId: 'addSuppression',
      tags: ['email'],
      summary: 'Suppress an address for a list (or `*`), e.g. after a complaint or a bounce',
      ...auth('unsubscribe:write', '`admin` and `privacy`'),
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          additionalProperties: false,
          required: ['email', 'list'],
          properties: { email, list: listId },
        }),
      },
      responses: {
        '201': response('Suppressed now.', json({ type: 'object' }), noStore),
        '200': response('Already suppressed; nothing changed.', json({ type: 'object' }), noStore),
        ...errors,
      },
    },
  },
  '/api/suppressions/check': {
    post: {
      operationId: 'checkSuppressions',
      tags: ['email'],
      summary: 'Which addresses may not be sent to',
      ...auth('suppressions:read', '`admin` and `privacy`'),
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          additionalProperties: false,
          required: ['emails'],
          properties: { emails: { type: 'array', minItems: 1, maxItems: BATCH_MAX, items: email } },
        }),
      },
      responses: {
        '200': response(
          '`suppressed` means suppressed for every list; `lists` names the configured lists the address gets no mail from.',
          json({
            type: 'object',
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['email', 'suppressed', 'lists', 'all_lists'],
                  properties: {
                    email: { type: 'string' },
                    suppressed: { type: 'boolean' },
                    lists: { type: 'array', items: { type: 'string' } },
                    all_lists: { type: 'boolean', description: 'Suppressed with `*`: every list, future ones too.' },
                  },
                },
              },
            },
          }),
          noStore,
        ),
        ...errors,
      },
    },
  },
};
