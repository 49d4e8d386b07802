import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from './log/logger.ts';

/** Machine-readable problem codes and the HTTP status each one maps to. */
export const PROBLEM_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  misdirected: 421,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

const TITLES: Record<ProblemCode, string> = {
  bad_request: 'Bad request',
  invalid_json: 'Body is not valid JSON',
  validation_failed: 'Validation failed',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  misdirected: 'Misdirected request',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

const CODE_BY_STATUS = new Map<number, ProblemCode>(
  Object.entries(PROBLEM_STATUS).map(([code, status]) => [status, code as ProblemCode]),
);

/** The one error class of the gateway; `onError` renders it as RFC 9457 problem+json. */
export class ApiError extends HTTPException {
  readonly code: ProblemCode;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail?: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(PROBLEM_STATUS[code], { message: detail ?? TITLES[code], cause: options.cause });
    this.code = code;
    this.headers = options.headers ?? {};
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem+json body for a code; runtime-neutral, shared by Hono routes and the Node fast path. */
export function problemBody(code: ProblemCode, detail: string | undefined, requestId: string): Problem {
  return {
    type: `urn:candor:problem:${code}`,
    title: TITLES[code],
    status: PROBLEM_STATUS[code],
    detail: detail ?? TITLES[code],
    requestId,
  };
}

/** Builds a problem+json response. `detail` must be safe to show to a client. */
export function problem(
  c: Context,
  code: ProblemCode,
  detail?: string,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problemBody(code, detail, c.get('requestId') ?? '')), PROBLEM_STATUS[code], {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
  });
}

/**
 * The single error handler. Client errors are answered with their own detail; anything else is a
 * 500 whose internal message is logged, never sent.
 */
export function handleError(logger: Logger) {
  return function onError(err: Error, c: Context): Response {
    if (err instanceof ApiError) return problem(c, err.code, err.message, err.headers);
    if (err instanceof HTTPException && err.status < 500) {
      const code = CODE_BY_STATUS.get(err.status) ?? 'bad_request';
      // Hono's own exceptions (body limit, malformed input) carry safe, generic messages.
      return problem(c, code, err.message || undefined);
    }
    logger.error(
      { requestId: c.get('requestId'), err: { name: err.name, message: err.message, stack: err.stack } },
      'unhandled error',
    );
    return problem(c, 'internal', 'Something went wrong on our side. Quote the request id if you contact us.');
  };
}
