import type { CandorConfig } from '@candor/config';
import type { Hono, MiddlewareHandler } from 'hono';
import type { RemoteAddress } from '../client.ts';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import type { StatsStore } from '../reports/port.ts';
import type { RequestDeps } from '../requests/context.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { RecordStore } from '../store/records.ts';
import type { Unsubscribe } from '../unsubscribe/service.ts';
import { registerAccountRoutes } from './account.tsx';
import { registerApiKeyRoutes } from './api-keys.tsx';
import { importHmacKey } from './crypto.ts';
import { verifyCsrf } from './csrf.ts';
import { registerDigestOffRoutes } from './digest-link.tsx';
import { registerGoalRoutes } from './goals.tsx';
import { registerHomeRoute } from './home.tsx';
import { registerLoginRoutes } from './login.tsx';
import { registerLogRoutes } from './logs.tsx';
import { registerOperationsRoutes } from './operations.tsx';
import { notFoundPage } from './pages.tsx';
import type { PasswordHasher } from './passwords.ts';
import { registerReportRoutes } from './reports.tsx';
import { registerRequestAdminRoutes } from './requests.tsx';
import { registerSetupRoutes } from './setup.tsx';
import type { SetupLink } from './setup-link.ts';
import { ADMIN_CSS, ADMIN_CSS_PATH } from './style.ts';
import { registerSuppressionRoutes } from './suppressions.tsx';
import { createLoginThrottle } from './throttle.ts';
import { registerUserRoutes } from './users.tsx';

/** What the admin needs beyond the stores; `main.ts` builds it, tests use `testAdmin()`. */
export interface AdminDeps {
  passwords: PasswordHasher;
  /** 32-byte key for CSRF tokens, derived from the master secret (`deriveKey(secret, 'admin csrf')`). */
  csrfKey: Uint8Array;
  /** Idle timeout of staff sessions in minutes; 15 by default. */
  idleMinutes?: number;
  /** Absolute lifetime of a session in hours; 12 by default. */
  absoluteHours?: number;
  /** The clock; injectable so tests can expire sessions. */
  now?: () => number;
  /** The first-admin setup link, when main.ts found no user at start-up (development only). */
  setupLink?: SetupLink;
  /** Key for `pnpm candor setup-link`'s signed setup tokens (`deriveKey(secret, 'admin setup link')`). */
  setupKey?: Uint8Array;
  /**
   * Keys that may have signed the digest's "stop" links, the current secret's first, then those of
   * `CANDOR_PREVIOUS_SECRETS`, so a rotation breaks no link in an old digest. None: no such route.
   */
  digestKeys?: readonly Uint8Array[];
}

export interface AdminRouteDeps {
  records: RecordStore;
  passwords: PasswordHasher;
  now: () => number;
  trustProxy: boolean;
  remoteAddress: RemoteAddress;
  setupLink?: SetupLink | undefined;
  setupKey?: Uint8Array | undefined;
  digestKeys?: readonly Uint8Array[] | undefined;
  /** A per-client cap on login and setup POSTs, on top of the failure throttle. */
  loginRateLimit: MiddlewareHandler;
  config: CandorConfig;
  /** Report queries; without them `/admin/reports` is not mounted (like the stats API). */
  stats?: StatsStore | undefined;
  /** The suppression list behind `/admin/suppressions`. */
  unsubscribe: Unsubscribe;
  /** Tells the webhook dispatcher to deliver now. */
  wakeOutbox?: (() => void) | undefined;
  /** Privacy requests, for `/admin/requests`. */
  requests: RequestDeps;
  /** The periodic jobs behind `/admin/jobs` and the retention column of `/admin/inventory`. */
  scheduler?: Scheduler | undefined;
}

/**
 * The admin's security policy: nothing but same-origin CSS may load, forms post only here,
 * nothing may frame it, and no page is cached or leaks its URL (the setup link holds a token).
 */
export const ADMIN_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Paths whose POST needs no session: signing in, the first-admin setup and the digest's stop link. */
const PUBLIC_POSTS = /^\/admin\/(login|setup\/[^/]+|digest-off\/[^/]+)$/;

/**
 * Registers `/admin/*`: login, setup, home, own account, reports, users, API keys, login log and
 * audit log.
 */
export function registerAdminRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps) {
  app.use('/admin', adminHeaders);
  app.use('/admin/*', adminHeaders);
  // Every state-changing admin request needs a session and its CSRF token, by construction: a
  // route added later is covered without remembering to opt in.
  const signedIn = requireAuth();
  const csrf = verifyCsrf();
  app.use('/admin/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || PUBLIC_POSTS.test(c.req.path)) return next();
    return signedIn(c, async () => {
      const refused = await csrf(c, next);
      if (refused) c.res = refused;
    });
  });

  app.get(ADMIN_CSS_PATH, (c) =>
    c.body(ADMIN_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );
  // One throttle for every password check: failed sign-ins and wrong current passwords add up.
  const throttle = createLoginThrottle(deps.now);
  registerLoginRoutes(app, deps, throttle);
  registerSetupRoutes(app, deps);
  if (deps.digestKeys?.length) registerDigestOffRoutes(app, deps, Promise.all(deps.digestKeys.map(importHmacKey)));
  registerHomeRoute(app);
  registerAccountRoutes(app, deps, throttle);
  registerUserRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerLogRoutes(app, deps);
  registerGoalRoutes(app, deps);
  registerSuppressionRoutes(app, deps);
  registerRequestAdminRoutes(app, deps.requests);
  registerOperationsRoutes(app, deps);
  if (deps.stats) {
    registerReportRoutes(app, { stats: deps.stats, records: deps.records, config: deps.config, now: deps.now });
  }
}

/** Unknown admin paths: sign-in first, then a 404 page. Register after every other admin route. */
export function registerAdminNotFound(app: Hono<AppEnv>) {
  app.all('/admin/*', requireAuth(), (c) => notFoundPage(c));
}

const adminHeaders: MiddlewareHandler<AppEnv> = async function adminHeaders(c, next) {
  await next();
  const h = c.res.headers;
  h.set('content-security-policy', ADMIN_CSP);
  // same-origin: admin URLs never leave the site, and form posts carry a real Origin.
  h.set('referrer-policy', 'same-origin');
  // The stylesheet has a content-hashed name and may be cached; nothing else may.
  if (!h.get('content-type')?.startsWith('text/css')) h.set('cache-control', 'no-store');
};
