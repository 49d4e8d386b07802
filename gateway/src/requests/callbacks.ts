import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError, problem } from '../errors.ts';
import { limitBody } from '../middleware/body-limit/index.ts';
import { createReplayCache, type ReplayCache } from '../outbox/replay-cache.ts';
import { verifyRequestSignature } from '../outbox/signature.ts';
import { CLOSED_STATUSES, type SystemReportStatus } from '../store/records.ts';
import type { RequestDeps } from './context.ts';
import { advanceIfSystemsReported, connectedSystems } from './workflow.ts';

export interface CallbackDeps extends RequestDeps {
  /** Webhook id → signing secret, for the connected systems' signed callbacks. */
  webhookSecrets: ReadonlyMap<string, string>;
  /** Signatures already used; default a fresh in-memory cache for this app (per process). */
  replays?: ReplayCache;
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

/** The path a callback's signature covers: its `callback_url`'s, as `intake.ts` builds it. */
export function systemCallbackPath(requestId: string, system: string): string {
  return `/api/privacy-requests/${encodeURIComponent(requestId)}/systems/${encodeURIComponent(system)}`;
}

/**
 * `POST /api/privacy-requests/:id/systems/:system`: a connected system reports what it did for a
 * request, signed with its webhook secret (scheme v2, `outbox/signature.ts`) over the method, this
 * path and the body, so a report signed for one request or system is refused on any other. A
 * signature is accepted once: a replay within the tolerance is refused too. Both are checked
 * before anything else, so a caller without a fresh signature learns nothing about which requests exist.
 */
export function registerSystemCallbackRoutes(app: Hono<AppEnv>, deps: CallbackDeps): void {
  const replays = deps.replays ?? createReplayCache();
  app.post('/api/privacy-requests/:id/systems/:system', limitBody(SYSTEM_CALLBACK_BODY_LIMIT), async (c) => {
    const id = c.req.param('id');
    const system = c.req.param('system');
    const raw = await c.req.text();
    const secret = connectedSystems(deps).includes(system) ? deps.webhookSecrets.get(system) : undefined;
    const nowMs = deps.now();
    const signed =
      secret === undefined
        ? undefined
        : await verifyRequestSignature(
            secret,
            c.req.header('candor-signature'),
            { method: 'POST', path: systemCallbackPath(id, system), body: raw },
            { now: new Date(nowMs), toleranceSeconds: SIGNATURE_TOLERANCE_SECONDS },
          );
    if (!signed) return unauthorized(c);
    const claim = replays.claim(`${system}:${signed.mac}`, (signed.t + SIGNATURE_TOLERANCE_SECONDS) * 1000, nowMs);
    if (claim === 'replay') {
      return problem(
        c,
        'unauthorized',
        'This signature has been used already. Sign each call afresh, with the current t.',
      );
    }
    if (claim === 'full') {
      return problem(c, 'unavailable', 'Too many signed calls in the last few minutes; try again shortly.', {
        'retry-after': '60',
      });
    }

    const body = parseReport(raw);
    const request = await deps.records.requests.byId(id);
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
    'Sign the call with the system’s webhook secret in the candor-signature header: t=<unix seconds>,v2=<hex HMAC-SHA-256 of "v2\\n<t>\\nPOST\\n<path of callback_url>\\n<raw body>">, within 5 minutes of our clock. A v1 signature covers the body only and is refused here.',
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
