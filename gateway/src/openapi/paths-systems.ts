// Paths of connected systems: their signed reports on a privacy request.
import {
  FINAL_REPORT_STATUSES,
  REPORT_MESSAGE_MAX,
  SIGNATURE_TOLERANCE_SECONDS,
  SYSTEM_CALLBACK_BODY_LIMIT,
} from '../requests/callbacks.ts';
import { ref, response } from './schemas.ts';

const problem = (description: string) =>
  response(description, { 'application/problem+json': { schema: ref('schemas', 'Problem') } });

const report = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: {
      enum: [...FINAL_REPORT_STATUSES],
      description:
        '`done`: acted on (for access/port, `data` holds what the system has); `not_found`: it holds nothing about the requester; `failed`: it could not act (the officer follows up).',
    },
    data: {
      type: ['object', 'array'],
      description:
        'For `access` and `port` requests: what the system holds about the requester, as JSON; it goes into the export package (one CSV row per array item or object). Ignored and not stored for other types.',
    },
    message: {
      type: 'string',
      maxLength: REPORT_MESSAGE_MAX,
      description: 'A note for the privacy officer, shown on the request’s timeline.',
    },
  },
};

export const systemPaths = {
  '/api/privacy-requests/{id}/systems/{system}': {
    post: {
      operationId: 'reportPrivacyRequestSystem',
      tags: ['requests'],
      summary: 'A connected system reports what it did for a privacy request',
      description:
        'Called by a system that received the `privacy_request.verified` webhook (the request `id` is in that ' +
        'webhook). Signed with the secret of the webhooks it receives, in the `candor-signature` header, scheme v2: ' +
        'the signature covers the method, this path (so the request and the system) and the body, and is accepted ' +
        'once (each instance keeps the signatures it has accepted for the tolerance window). ' +
        'Stores the report (the last one per system wins) with a timeline event by `system:<system>`. When the ' +
        'request waits for its systems and this was the last one to send a final report, the request moves to ' +
        `in progress. The signature is checked before the request is looked up. Body at most ${SYSTEM_CALLBACK_BODY_LIMIT / 1024 / 1024} MB.`,
      security: [],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The request id.' },
        {
          name: 'system',
          in: 'path',
          required: true,
          schema: { type: 'string' },
          description: 'The webhook id of the reporting system, as in the config.',
        },
        {
          name: 'candor-signature',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^t=\\d+(,v2=[0-9a-f]{64})+$' },
          description:
            '`t=<unix seconds>,v2=<hex HMAC-SHA-256(webhook secret, "v2\\n<t>\\nPOST\\n<path>\\n<raw body>")>`, ' +
            'the five fields joined by a line feed (`\\n`), where `<path>` is the path of the `callback_url` exactly ' +
            'as given (`/api/privacy-requests/<id>/systems/<system>`, no host, no query). Several `v2=` entries may be ' +
            'sent while a secret is rotated; `v1=` entries (body only) are not accepted here. `t` must be within ' +
            `${SIGNATURE_TOLERANCE_SECONDS / 60} minutes of the gateway's clock, and a signature is accepted once: ` +
            'sign every attempt afresh.',
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: report,
            example: { status: 'done', data: [{ account: 'ada', plan: 'pro' }], message: 'One account found.' },
          },
        },
      },
      responses: {
        '200': response('Stored.', {
          'application/json': {
            schema: {
              type: 'object',
              required: ['received'],
              properties: { received: { const: true } },
            },
          },
        }),
        '400': ref('responses', 'BadRequest'),
        '401': problem(
          'No valid signature (`unauthorized`): missing, wrong, stale, made for another request or system, already used, or from a system that is not a webhook subscribed to `privacy_request.verified`.',
        ),
        '404': problem('Signed, but there is no such request (`not_found`).'),
        '409': problem('The request is unconfirmed, completed or rejected and expects no reports (`conflict`).'),
        '413': ref('responses', 'PayloadTooLarge'),
        '503': problem(
          'The instance holds too many signatures used in the last few minutes to take another (`unavailable`); retry after `Retry-After` seconds, signed afresh.',
        ),
        '500': ref('responses', 'Internal'),
      },
    },
  },
};
