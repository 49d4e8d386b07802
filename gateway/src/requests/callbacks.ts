import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError, problem } from '../errors.ts';
import { limitBody } from '../middleware/body-limit/index.ts';
import { verifyWebhookSignature } from '../outbox/signature.ts';
import { CLOSED_STATUSES, type SystemReportStatus } from '../store/records.ts';
import type { RequestDeps } from './context.ts';
import { advanceIfSystemsReported, connectedSystems } from './workflow.ts';

export interface CallbackDeps extends RequestDeps {
  /** Webhook id → signing secret, for the connected systems' signed callbacks. */
  webhookSecrets: ReadonlyMap<string, string>;
}

/** A report may carry what the system holds (access, port) as JSON: up to 1 MB. */
export const SYSTEM_CALLBACK_BODY_LIMIT = 1024 * 1024;
/** The app-wide 64 KB body limit must let this path through; the route sets its own 1 MB one. */
export const SYSTEM_CALLBACK_PATH = /^\/api\/privacy-requests\/[^/]+\/systems\/[^/]+$/;
/** How far the signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const REPORT_MESSAGE_MAX = 2000;
export const FINAL_REPORT_STATUSES = ['done', 'not_found', 'failed'] as const satisfies readonly SystemReportStatus[];

export interface SystemReportBody {
  status: (typeof FINAL_REPORT_STATUSES)[number];
  data?: Record<string, unknown> | unknown[];
  message?: string;
}

/**
 * `POST /api/privacy-requests/:id/systems/:system`: a connected system reports what it did for a
 * request, signed with its webhook secret like the webhooks it receives. The signature is checked
 * before anything else, so an unsigned caller learns nothing about which requests exist.
 */
export function registerSystemCallbackRoutes(app: Hono<AppEnv>, deps: CallbackDeps): void {
  app.post('/api/privacy-requests/:id/systems/:system', limitBody(SYSTEM_CALLBACK_BODY_LIMIT), async (c) => {
    const system = c.req.param('system');
    const raw = await c.req.text();
    const secret = connectedSystems(deps).includes(system) ? deps.webhookSecrets.get(system) : undefined;
    const signed =
      secret !== undefined &&
      (await verifyWebhookSignature(secret, c.req.header('candor-signature'), raw, {
        now: new Date(deps.now()),
        toleranceSeconds: SIGNATURE_TOLERANCE_SECONDS,
      }));
    if (!signed) return unauthorized(c);

    const body = parseReport(raw);
    const request = await deps.records.requests.byId(c.req.param('id'));
    if (!request) throw new ApiError('not_found', 'There is no privacy request with this id.');
    if (request.status === 'unverified' || CLOSED_STATUSES.includes(request.status)) {
      throw new ApiError('conflict', `The request is ${request.status} and expects no reports.`);
    }
    const at = new Date(deps.now());
    // Data is kept only where the requester asked for a copy; for other types it would be data we do not need.
    const keepData = request.type === 'access' || request.type === 'port';
    await deps.records.requests.reportSystem(request.id, {
      system,
      status: body.status,
      data: keepData ? (body.data ?? null) : null,
      reportedAt: at,
    });
    if (body.message) {
      await deps.records.requests.addEvent(request.id, {
        at,
        actor: `system:${system}`,
        kind: 'note',
        detail: { text: body.message },
      });
    }
    await advanceIfSystemsReported(deps, request.id);
    return c.json({ received: true });
  });
}

function unauthorized(c: Context<AppEnv>): Response {
  return problem(
    c,
    'unauthorized',
    'Sign the body with the system’s webhook secret in the candor-signature header (t=<unix seconds>,v1=<hex HMAC-SHA-256>), within 5 minutes of our clock.',
  );
}

/** The JSON body, or a 400 naming what is wrong (never echoing the data). */
export function parseReport(raw: string): SystemReportBody {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ApiError('invalid_json', 'The body must be JSON: {status, data?, message?}.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('validation_failed', 'The body must be a JSON object: {status, data?, message?}.');
  }
  const { status, data, message, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ApiError('validation_failed', `Unknown field(s): ${unknown.join(', ')}.`);
  const final = FINAL_REPORT_STATUSES.find((s) => s === status);
  if (!final) throw new ApiError('validation_failed', `status must be one of ${FINAL_REPORT_STATUSES.join(', ')}.`);
  if (data !== undefined && data !== null && (typeof data !== 'object' || data instanceof Date)) {
    throw new ApiError('validation_failed', 'data must be a JSON object or array.');
  }
  if (message !== undefined && (typeof message !== 'string' || message.length > REPORT_MESSAGE_MAX)) {
    throw new ApiError('validation_failed', `message must be text of at most ${REPORT_MESSAGE_MAX} characters.`);
  }
  return {
    status: final,
    ...(data === undefined || data === null ? {} : { data: data as Record<string, unknown> | unknown[] }),
    ...(typeof message === 'string' && message.trim() !== '' ? { message: message.trim() } : {}),
  };
}
