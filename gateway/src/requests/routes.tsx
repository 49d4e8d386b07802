import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';
import { ApiError, PROBLEM_CONTENT_TYPE, problemBody } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { publicPageHeaders, setPublicPageHeaders } from '../public-page.tsx';
import type { PrivacyRequest } from '../store/records.ts';
import { maskEmail } from '../unsubscribe/service.ts';
import { mailBaseUrl, type RequestDeps, requesterOf, requestTimeZone } from './context.ts';
import { contentVersion, createIntake, type FieldError, type IntakeOptions, parseSubmission } from './intake.ts';
import {
  ConfirmedPage,
  ConfirmPage,
  FormErrorsPage,
  InvalidLinkPage,
  PAGE_CSS,
  PAGE_CSS_PATH,
  ReceivedPage,
  TooManyPage,
} from './pages.tsx';

export interface PrivacyRequestRouteDeps extends RequestDeps {
  trustProxy: boolean;
  /** Per-client cap on submissions (keyed by a salted hash of the client address). */
  rateLimit: MiddlewareHandler;
  /** The per-mailbox budget and the hourly cap of verification mails (tests pass their own). */
  intake?: IntakeOptions;
  /** Where the intake says that the hourly cap of verification mails was reached. */
  logger?: Logger;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** What every valid JSON submission gets back, whatever happened behind it. */
export const RECEIVED_BODY = JSON.stringify({
  status: 'received',
  message:
    'Thank you. If the address is right, we have sent an email with a link to confirm your request. ' +
    'Check your email: the link is valid for 24 hours.',
});

/**
 * `POST /api/privacy-requests`: JSON from the site's script, or the urlencoded form without it.
 * Every valid submission gets the same 202 (JSON, or an HTML page for a form post), so the
 * response never tells whether an address is known, repeated, limited or a bot's.
 *
 * `GET`/`HEAD /privacy-requests/verify/:token` shows a confirm button and changes nothing (mail
 * scanners open links). `POST` to the same URL verifies: the token is the authority, so there is
 * no CSRF token, and never a redirect.
 */
export function registerPrivacyRequestRoutes(app: Hono<AppEnv>, deps: PrivacyRequestRouteDeps): void {
  const { config } = deps;
  const intake = createIntake(deps, { logger: deps.logger, ...deps.intake });
  const baseUrl = mailBaseUrl(config);

  app.use('/privacy-requests/*', publicPageHeaders);
  app.get(PAGE_CSS_PATH, (c) =>
    c.body(PAGE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  /** The per-client limit, answered as a page for a form post. */
  const limited: MiddlewareHandler<AppEnv> = async function privacyRequestRateLimit(c, next) {
    try {
      await deps.rateLimit(c, next);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'rate_limited') || mediaType(c) !== FORM_TYPE) throw error;
      const res = await page(c, <TooManyPage config={config} />, 429);
      for (const [name, value] of Object.entries(error.headers)) res.headers.set(name, value);
      return res;
    }
  };

  app.post('/api/privacy-requests', limited, async (c) => {
    const type = mediaType(c);
    if (type !== JSON_TYPE && type !== FORM_TYPE) {
      throw new ApiError('unsupported_media_type', `Send the body as ${JSON_TYPE} or ${FORM_TYPE}.`);
    }
    const form = type === FORM_TYPE;
    const body = form ? formFields(await c.req.text()) : await jsonObject(c);
    const parsed = parseSubmission(body, {
      strict: !form,
      defaultJurisdiction: config.privacyRequests.jurisdiction,
      acceptLanguage: c.req.header('accept-language'),
      normalise: deps.unsubscribe.normalise,
    });
    if (!parsed.ok) {
      return form ? page(c, <FormErrorsPage config={config} errors={parsed.errors} />, 400) : invalid(c, parsed.errors);
    }
    await intake.submit(parsed.submission, baseUrl);
    if (form) return page(c, <ReceivedPage config={config} />, 202);
    return c.body(RECEIVED_BODY, 202, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  });

  const invalidLink = (c: Context<AppEnv>) => page(c, <InvalidLinkPage config={config} />, 400);

  /** The confirm page for this request: what it is, and a button that confirms exactly that. */
  const confirmPage = async (c: Context<AppEnv>, request: PrivacyRequest, status: ContentfulStatusCode = 200) =>
    page(
      c,
      <ConfirmPage
        config={config}
        action={new URL(c.req.url).pathname}
        request={request}
        maskedEmail={maskEmail(requesterOf(request))}
        version={await contentVersion(request)}
        changed={status === 409}
      />,
      status,
    );

  app.get('/privacy-requests/verify/:token', async (c) => {
    const request = await intake.open(c.req.param('token'));
    if (!request) return invalidLink(c);
    return confirmPage(c, request);
  });

  app.post('/privacy-requests/verify/:token', async (c) => {
    // The page's fingerprint of what it showed; a POST without one (not from the page) confirms as is.
    const shown = mediaType(c) === FORM_TYPE ? formFields(await c.req.text()).content : undefined;
    const result = await intake.confirm(c.req.param('token'), baseUrl, shown);
    if (result.status === 'changed') return confirmPage(c, result.request, 409);
    const request = result.status === 'confirmed' ? result.request : undefined;
    if (!request?.dueAt) return invalidLink(c);
    const dueDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: requestTimeZone(config) }).format(
      request.dueAt,
    );
    return page(
      c,
      <ConfirmedPage config={config} reference={request.reference} type={request.type} dueDate={dueDate} />,
    );
  });
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The first value of each field of a urlencoded body. */
function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) if (!(name in fields)) fields[name] = value;
  return fields;
}

async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('validation_failed', 'The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** A 400 problem whose `detail` names every bad field and whose `errors` lists them for a form to show. */
function invalid(c: Context<AppEnv>, errors: readonly FieldError[]): Response {
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  const body = { ...problemBody('validation_failed', detail, c.get('requestId') ?? ''), errors };
  return c.body(JSON.stringify(body), 400, { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' });
}

/** A page with the headers of the verification pages (set here too for the /api/ answers to form posts). */
async function page(c: Context<AppEnv>, markup: string | Promise<string>, status: ContentfulStatusCode = 200) {
  const res = await c.html(`<!doctype html>${await markup}`, status);
  setPublicPageHeaders(res.headers);
  return res;
}
