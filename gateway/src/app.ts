import type { CandorConfig } from '@candor/config';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { createAuth } from './admin/auth.ts';
import { type AdminDeps, registerAdminNotFound, registerAdminRoutes } from './admin/routes.ts';
import type { Analytics } from './analytics/index.ts';
import { registerEventRoute } from './analytics/routes.ts';
import { clientIp, createClientKeyer, type RemoteAddress } from './client.ts';
import { registerConsentRoutes } from './consent/routes.ts';
import type { AppEnv } from './context.ts';
import { handleError, problem } from './errors.ts';
import { registerHealthRoutes } from './health/routes.ts';
import type { LoaderAssets } from './loader/assets.ts';
import { registerLoaderRoutes } from './loader/routes.ts';
import type { Logger } from './log/logger.ts';
import type { GatewayMetrics, MetricsSources, RuntimeStats } from './metrics/gauges.ts';
import { collectFamilies } from './metrics/gauges.ts';
import { countConsent, timeRequests } from './metrics/instruments.ts';
import { type OpsDeps, registerOpsRoutes } from './metrics/ops.ts';
import { registerMetricsRoute } from './metrics/routes.ts';
import { accessLog } from './middleware/access-log/index.ts';
import { limitBody } from './middleware/body-limit/index.ts';
import { siteCors, siteOrigins } from './middleware/cors/index.ts';
import { knownHost } from './middleware/known-host/index.ts';
import { createMemoryRateLimiter, rateLimit } from './middleware/rate-limit/index.ts';
import { requireAuth } from './middleware/require-auth/index.ts';
import { securityHeaders } from './middleware/security-headers/index.ts';
import { registerOpenApiRoute } from './openapi/routes.ts';
import type { PolicyProse } from './pages/prose.ts';
import { registerCandorPages } from './pages/routes.tsx';
import { createEdgeProxy, type ProxyDeps } from './proxy/index.ts';
import { servedHostnames } from './public-origin.ts';
import type { StatsStore } from './reports/port.ts';
import { registerStatsRoutes } from './reports/routes.ts';
import { registerSystemCallbackRoutes, SYSTEM_CALLBACK_PATH } from './requests/callbacks.ts';
import type { RequestDeps } from './requests/context.ts';
import { registerDownloadRoutes } from './requests/download.tsx';
import { registerPrivacyRequestRoutes } from './requests/routes.tsx';
import { jobFamilies } from './scheduler/metrics.ts';
import type { Scheduler } from './scheduler/scheduler.ts';
import type { SiteAssets } from './site/assets.ts';
import { createSiteHandler } from './site/serve.ts';
import type { EventStore } from './store/events.ts';
import type { RecordStore } from './store/records.ts';
import { registerUnsubscribeApi } from './unsubscribe/api.ts';
import type { LinkKeys } from './unsubscribe/keys.ts';
import { registerUnsubscribePages } from './unsubscribe/routes.tsx';
import { createUnsubscribe } from './unsubscribe/service.ts';

/** Everything the gateway needs, built once by `main.ts` (or by a test). */
export interface AppDeps {
  config: CandorConfig;
  logger: Logger;
  records: RecordStore;
  events: EventStore;
  site: SiteAssets;
  /** Take the scheme and client address from the reverse proxy's X-Forwarded-* headers. */
  trustProxy: boolean;
  /** The socket peer address, from the runtime entry. */
  remoteAddress: RemoteAddress;
  analytics: Analytics;
  /** Staff accounts: password hashing, the CSRF key, session timeouts, the setup link. */
  admin: AdminDeps;
  /** Report queries over the EventStore; without it the stats API is not mounted (unit tests). */
  stats?: StatsStore;
  /** Keys for unsubscribe tokens and suppression hashes (`createLinkKeys`). */
  links: LinkKeys;
  /** Tells the webhook dispatcher that the outbox has new messages. */
  wakeOutbox?: () => void;
  /** Tells the mail dispatcher that the mail queue has new mail. */
  wakeMail?: () => void;
  /** Webhook id → signing secret (from each webhook's `secretEnv`), for connected systems' callbacks. */
  webhookSecrets?: ReadonlyMap<string, string>;
  /** Prometheus metrics: request timing, counters and `GET /metrics` (404 without a token). */
  metrics?: {
    token: string | undefined;
    gateway: GatewayMetrics;
    runtime?: () => RuntimeStats;
    storeMemory?: MetricsSources['storeMemory'];
  };
  /** The backup trigger `pnpm candor backup` calls while the gateway holds the event store. */
  ops?: OpsDeps;
  /** The periodic jobs, for `/admin/jobs` and `/metrics`; tests without it get no jobs page. */
  scheduler?: Scheduler;
  /** `GET /candor.js` and its versioned files (`loadLoaderAssets`); tests without it get neither. */
  loader?: LoaderAssets;
  /** The policy file's prose for the gateway's own /privacy page (`parsePolicyProse`, read by main.ts). */
  policy?: PolicyProse;
  /** The edge proxy's transport and codecs (`createNodeProxy`); sites with an `upstream` need it. */
  proxy?: ProxyDeps;
}

/** Default cap on any request body; routes with smaller bodies set a tighter limit of their own. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** Routes that mint tokens, send mail or compare origins: a `Host` no site names gets a 421. */
export const HOST_BOUND_PATHS = [
  '/admin',
  '/admin/*',
  '/api/privacy-requests',
  '/api/privacy-requests/*',
  '/privacy-requests/*',
  '/api/unsubscribe-links',
  '/u/*',
];
/** A visitor makes a handful of consent choices at most; a burst of 20 a minute is generous. */
export const CONSENT_PER_MINUTE = 20;
/** A hard cap on login and setup POSTs per client, above the failed-login throttle. */
export const LOGIN_POSTS_PER_MINUTE = 30;
/** Unsubscribe page and one-click POSTs per client: a person clicks a few times; a provider posts once per mail. */
export const UNSUBSCRIBE_POSTS_PER_MINUTE = 30;
/** Privacy-request submissions per client: a person files one or two; 5 an hour stops a flood. */
export const PRIVACY_REQUESTS_PER_HOUR = 5;

/** Builds the gateway. Runtime-agnostic: it uses Web-standard APIs only and opens no port. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const site = createSiteHandler(deps.site, deps.config);

  app.use(requestId({ limitLength: 64 }));
  app.use(accessLog(deps.logger));
  if (deps.metrics) app.use(timeRequests(deps.metrics.gateway));
  // Hosts of sites with an `upstream` get the gateway's own routes, and the upstream for the rest.
  const edge = deps.proxy ? createEdgeProxy({ ...deps, proxy: deps.proxy }) : undefined;
  const secure = securityHeaders({ trustProxy: deps.trustProxy });
  app.use(edge ? edge.around(secure) : secure);
  // The configured sites may call the public endpoints from their own origins (contract v2).
  app.use('/api/*', siteCors(siteOrigins(deps.config)));
  // Where a token, a mail or an origin check is at stake, only the configured hosts are answered.
  const served = knownHost(servedHostnames(deps.config));
  for (const path of HOST_BOUND_PATHS) app.use(path, served);
  // Sessions, API keys and CSRF tokens, built once; requireAuth finds them on the context.
  const now = deps.admin.now ?? Date.now;
  const auth = createAuth({
    records: deps.records,
    csrfKey: deps.admin.csrfKey,
    trustProxy: deps.trustProxy,
    now,
    idleMinutes: deps.admin.idleMinutes,
    absoluteHours: deps.admin.absoluteHours,
  });
  app.use(async function provideAuth(c, next) {
    c.set('auth', auth);
    await next();
  });
  const defaultLimit = limitBody(DEFAULT_BODY_LIMIT);
  app.use(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    // A connected system's report may carry the requester's data: that route sets its own 1 MB cap.
    if (SYSTEM_CALLBACK_PATH.test(c.req.path)) return next();
    // A proxied site's uploads are its upstream's to limit; they stream through.
    if (edge?.forwards(c)) return next();
    return defaultLimit(c, next);
  });

  // Public write endpoints are limited per client, keyed by a salted hash of the address.
  const clientKey = createClientKeyer();
  const perClient = (perMinute: number, clock: () => number = Date.now, capacity = perMinute) =>
    rateLimit({
      limiter: createMemoryRateLimiter({ capacity, perMinute, now: clock }),
      key: (c) => clientKey(clientIp(c, deps.trustProxy, deps.remoteAddress)),
    });

  registerHealthRoutes(app, deps);
  if (deps.loader) registerLoaderRoutes(app, deps.loader, deps.site);
  registerEventRoute(app, {
    collect: deps.analytics.collect,
    trustProxy: deps.trustProxy,
    remoteAddress: deps.remoteAddress,
  });
  const consentRecords = deps.metrics ? countConsent(deps.records, deps.metrics.gateway) : deps.records;
  registerConsentRoutes(app, {
    config: deps.config,
    records: consentRecords,
    rateLimit: perClient(CONSENT_PER_MINUTE),
  });
  const unsubscribe = createUnsubscribe({
    config: deps.config,
    records: deps.records,
    keyring: deps.links.keyring,
    peppers: deps.links.peppers,
    now,
    ...(deps.wakeOutbox ? { onOutbox: deps.wakeOutbox } : {}),
  });
  registerUnsubscribePages(app, {
    config: deps.config,
    unsubscribe,
    rateLimit: perClient(UNSUBSCRIBE_POSTS_PER_MINUTE, now),
  });
  registerUnsubscribeApi(app, { config: deps.config, records: deps.records, unsubscribe, trustProxy: deps.trustProxy });
  const requests: RequestDeps = {
    config: deps.config,
    records: deps.records,
    unsubscribe,
    now,
    wakeMail: deps.wakeMail,
    wakeOutbox: deps.wakeOutbox,
  };
  registerPrivacyRequestRoutes(app, {
    ...requests,
    trustProxy: deps.trustProxy,
    rateLimit: perClient(PRIVACY_REQUESTS_PER_HOUR / 60, now, PRIVACY_REQUESTS_PER_HOUR),
    logger: deps.logger,
  });
  registerSystemCallbackRoutes(app, { ...requests, webhookSecrets: deps.webhookSecrets ?? new Map() });
  registerDownloadRoutes(app, {
    ...requests,
    clientOf: (c) => clientKey(clientIp(c, deps.trustProxy, deps.remoteAddress)),
  });
  registerAdminRoutes(app, {
    records: deps.records,
    passwords: deps.admin.passwords,
    now,
    trustProxy: deps.trustProxy,
    remoteAddress: deps.remoteAddress,
    setupLink: deps.admin.setupLink,
    setupKey: deps.admin.setupKey,
    digestKeys: deps.admin.digestKeys,
    loginRateLimit: perClient(LOGIN_POSTS_PER_MINUTE, now),
    config: deps.config,
    stats: deps.stats,
    unsubscribe,
    wakeOutbox: deps.wakeOutbox,
    requests,
    scheduler: deps.scheduler,
  });

  if (deps.stats) {
    registerStatsRoutes(app, {
      stats: deps.stats,
      config: deps.config,
      now,
      auth: requireAuth({ scope: 'stats:read', roles: ['admin', 'marketer'] }),
    });
  }

  registerOpenApiRoute(app);
  // Candor's own pages, where the served site has none at their paths.
  registerCandorPages(app, { config: deps.config, site: deps.site, policy: deps.policy });
  const metrics = deps.metrics;
  if (metrics) {
    registerMetricsRoute(app, {
      token: metrics.token,
      collect: async () => [
        ...(await collectFamilies({
          gateway: metrics.gateway,
          ingest: deps.analytics.metrics,
          bufferDepth: () => deps.analytics.buffer.depth,
          records: deps.records,
          now,
          runtime: metrics.runtime,
          storeMemory: metrics.storeMemory,
        })),
        ...jobFamilies(deps.scheduler?.status() ?? []),
      ],
    });
  }
  if (deps.ops) registerOpsRoutes(app, deps.ops);

  // Fallbacks last: routes registered after them would never be reached.
  registerAdminNotFound(app);
  app.all('/api/*', (c) => problem(c, 'not_found', `No API route ${c.req.method} ${new URL(c.req.url).pathname}`));
  if (edge) app.all('*', (c, next) => edge.handle(c, next));
  app.get('*', (c) => site.get(c));

  app.notFound((c) => site.notFound(c));
  app.onError(handleError(deps.logger));
  return app;
}
