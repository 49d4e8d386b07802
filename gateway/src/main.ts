// The Node entry point: the only place that reads the environment, touches the file system to
// open stores, and picks adapters. Everything else is built from what is passed in here.
import { hash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type CandorConfig, ConfigError } from '@candor/config';
import { loadConfigFile } from '@candor/config/node';
import { getConnInfo } from '@hono/node-server/conninfo';
import pino from 'pino';
import { randomToken } from './admin/crypto.ts';
import { DIGEST_KEY_PURPOSE } from './admin/digest-link.tsx';
import { createSetupLink, SETUP_KEY_PURPOSE, type SetupLink } from './admin/setup-link.ts';
import { untunedAllocator } from './allocator.ts';
import { loadCountryLookup } from './analytics/enrich/country-mmdb.ts';
import { createAnalytics } from './analytics/index.ts';
import { createApp } from './app.ts';
import { GATEWAY_FILE, snapshotEventsInto } from './cli/snapshot.ts';
import { EnvError, parseEnv } from './env.ts';
import { loadLoaderAssets } from './loader/node-assets.ts';
import { createLogger } from './log/logger.ts';
import { createMailTransport } from './mail/select.ts';
import type { GatewayMetrics, RuntimeStats } from './metrics/gauges.ts';
import { createGatewayMetrics, observeRequest, timeInserts } from './metrics/instruments.ts';
import { siteOrigins } from './middleware/cors/index.ts';
import { makeDataDirPrivate } from './node/data-dir.ts';
import { createFastEventListener } from './node/event-listener.ts';
import { createScryptHasher } from './node/scrypt.ts';
import { createOutboxDispatcher, type WebhookTarget } from './outbox/dispatcher.ts';
import { parsePolicyProse } from './pages/prose.ts';
import { createNodeProxy } from './proxy/node.ts';
import { publicOriginProblem } from './public-origin.ts';
import { createMailDispatcher } from './requests/mail-dispatcher.ts';
import { scheduleGatewayJobs } from './scheduler/gateway-jobs.ts';
import { createScheduler } from './scheduler/scheduler.ts';
import { deriveKey, resolveSecret } from './secrets.ts';
import { handleShutdown, listen } from './server.ts';
import { createMemorySiteAssets } from './site/assets.ts';
import { loadSiteAssets, siteIsBuilt } from './site/node-assets.ts';
import { welcomeText } from './site/welcome.ts';
import { openDuckDbEventStore } from './store/duckdb/events.ts';
import { createDuckDbStats } from './store/duckdb/reports.ts';
import { openSqliteRecordStore } from './store/sqlite/records.ts';
import { createLinkKeys } from './unsubscribe/keys.ts';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  // Asynchronous writes keep log I/O off the request path; flushed on stop and exit.
  const destination = pino.destination({ dest: 1, sync: false });
  process.on('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // nothing more can be done while exiting
    }
  });
  const logger = createLogger(env.LOG_LEVEL, destination);
  if (env.NODE_ENV === 'production' && untunedAllocator(process.env, process.platform)) {
    logger.warn('glibc malloc untuned: memory creeps up under load; set MALLOC_ARENA_MAX=2 (README, "Memory")');
  }
  const config = await loadConfigFile(env.CANDOR_CONFIG);
  // The loader and its versioned files, read and precompressed once; a missing build stops the start.
  const loader = await loadLoaderAssets(config);
  // The policy prose for the gateway's own /privacy page, read once; a revision mismatch stops the start.
  const { policyFile } = config.pages;
  const policy = policyFile ? parsePolicyProse(await readFile(policyFile, 'utf8'), config, policyFile) : undefined;

  const dataDir = resolve(env.CANDOR_DATA_DIR);
  await makeDataDirPrivate(dataDir);
  const secret = await resolveSecret(env.CANDOR_SECRET, dataDir, env.NODE_ENV === 'production');
  if (secret.source === 'generated') logger.warn({ file: join(dataDir, 'secret') }, 'generated a development secret');
  // Every link in mail and every callback URL is built on this origin, never on a request header.
  const originProblem = env.NODE_ENV === 'production' ? publicOriginProblem(config) : undefined;
  if (originProblem) throw new EnvError(`no usable public origin: ${originProblem}`);

  const links = await createLinkKeys([secret.secret, ...env.CANDOR_PREVIOUS_SECRETS]);
  const targets = webhookTargets(config, process.env);

  // A bad SMTP_URL stops the start before any store is opened.
  const mail = createMailTransport({
    smtpUrl: env.SMTP_URL,
    dataDir,
    config,
    logger,
    production: env.NODE_ENV === 'production',
  });

  const records = openSqliteRecordStore(join(dataDir, 'candor.sqlite'));
  // The scheduler's `visits.seal` job seals finished visits, not the inserts.
  const events = await openDuckDbEventStore(join(dataDir, 'events.duckdb'), undefined, {
    sealEveryMs: 0,
    memoryLimit: env.CANDOR_DUCKDB_MEMORY_LIMIT,
    // Sealing a large backlog (the first start after an upgrade, a long outage) takes a while.
    onSealStep: ({ step, sealedBefore, last }) => {
      if (step > 1 || !last) logger.info({ step, sealedBefore: sealedBefore.toISOString(), last }, 'sealing visits');
    },
  }).catch(async (error) => {
    await records.close();
    throw error;
  });

  // No account and no default password: the first admin comes from a one-time link (or the CLI).
  // In production the link is not printed, since stderr goes to the journal: `candor setup-link` asks for one.
  const noUsers = (await records.users.count()) === 0;
  let setup: { token: string; link: SetupLink } | undefined;
  if (noUsers && env.NODE_ENV !== 'production') setup = await createSetupLink(Date.now());

  const siteDir = resolve(env.CANDOR_SITE_DIR);
  let site = createMemorySiteAssets({});
  if (await siteIsBuilt(siteDir)) {
    const loaded = await loadSiteAssets(siteDir);
    site = loaded.assets;
    logger.info({ dir: siteDir, files: loaded.files, bytes: loaded.bytes }, 'site loaded');
  } else {
    logger.warn({ dir: siteDir }, 'no built site found; serving the API only (run `pnpm build`)');
  }

  const metrics = createGatewayMetrics();
  const analytics = createAnalytics({
    config,
    // Each flush is one insert: timing it here keeps the measurement off the per-event path.
    store: timeInserts(events, metrics),
    logger,
    // One-shot SHA-256: the visitor key is hashed on every event.
    hash: (input) => hash('sha256', input, 'base64url'),
    country: loadCountryLookup(),
    allowClientTime: env.CANDOR_DEMO_CLOCK,
  });
  // Reports read on their own connection to the same DuckDB database, beside the inserts.
  const stats = await createDuckDbStats(events);

  const outbox = createOutboxDispatcher({ outbox: records.outbox, targets, logger });
  // Mail to requesters waits in the RecordStore's queue, so none is lost to an SMTP outage or a restart.
  const mailQueue = createMailDispatcher({ queue: records.mailQueue, transport: mail.transport, logger });
  const scheduler = createScheduler({ logger });
  scheduleGatewayJobs(scheduler, {
    config,
    records,
    events,
    analytics,
    outbox,
    mailQueue,
    stats,
    mail: mail.transport,
    sessionIdleMs: SESSION_IDLE_MINUTES * 60_000,
    digestKey: deriveKey(secret.secret, DIGEST_KEY_PURPOSE),
    now: Date.now,
  });
  // `pnpm candor backup` finds the gateway and this per-start token in <data dir>/gateway.json.
  const opsToken = randomToken();
  const app = createApp({
    config,
    logger,
    links,
    wakeOutbox: outbox.wake,
    wakeMail: mailQueue.wake,
    webhookSecrets: new Map([...targets].map(([id, t]) => [id, t.secret])),
    records,
    stats,
    events,
    site,
    ...(policy ? { policy } : {}),
    trustProxy: env.CANDOR_TRUST_PROXY,
    remoteAddress: (c) => getConnInfo(c).remote.address,
    analytics,
    admin: {
      passwords: createScryptHasher(),
      csrfKey: deriveKey(secret.secret, 'admin csrf'),
      setupLink: setup?.link,
      setupKey: deriveKey(secret.secret, SETUP_KEY_PURPOSE),
      digestKeys: [secret.secret, ...env.CANDOR_PREVIOUS_SECRETS].map((s) => deriveKey(s, DIGEST_KEY_PURPOSE)),
      idleMinutes: SESSION_IDLE_MINUTES,
    },
    scheduler,
    loader,
    // Used only for the hosts of sites with an `upstream` (the edge proxy).
    proxy: createNodeProxy(config.proxy),
    metrics: {
      token: env.CANDOR_METRICS_TOKEN,
      gateway: metrics,
      runtime: runtimeStats(),
      storeMemory: () => events.memory(),
    },
    ops: { token: opsToken, snapshotEvents: () => snapshotEventsInto(() => events.connect(), dataDir) },
  });
  const fastEvents = timedFastPath(
    createFastEventListener({
      collect: analytics.collect,
      trustProxy: env.CANDOR_TRUST_PROXY,
      logger,
      allowedOrigin: siteOrigins(config),
    }),
    metrics,
  );
  scheduler.start();
  const { server, port } = await listen(app.fetch, env.HOST, env.PORT, fastEvents);
  const gatewayFile = join(dataDir, GATEWAY_FILE);
  await writeFile(
    gatewayFile,
    JSON.stringify({ pid: process.pid, url: `http://${loopbackHost(env.HOST)}:${port}`, token: opsToken }),
    { mode: 0o600 },
  );
  handleShutdown({
    server,
    logger,
    cleanup: async () => {
      await rm(gatewayFile, { force: true });
      await scheduler.stop();
      await outbox.stop();
      await mailQueue.stop();
      await analytics.stop();
      await stats.close().catch(() => undefined);
      await mail.transport.close?.().catch(() => undefined);
      await Promise.allSettled([records.close(), events.close()]);
    },
  });

  const url = `http://${env.HOST === '127.0.0.1' || env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
  if (setup) {
    // The link itself goes to stderr only, never into the structured log.
    logger.warn(
      { expiresAt: new Date(setup.link.expiresAt).toISOString() },
      'no admin account yet: setup link printed',
    );
    process.stderr.write(
      [
        '',
        '  No admin account exists yet. Create the first one within the hour at:',
        '',
        `    ${url}/admin/setup/${setup.token}`,
        '',
        '  (or run `pnpm candor user add --email you@example.com --role admin --password-stdin`)',
        '',
      ].join('\n'),
    );
  }
  if (noUsers && !setup) {
    logger.warn('no admin account yet: run `pnpm candor setup-link` on this server for a one-time link');
  }
  // Last, so whoever waits for "ready" also finds the setup link already printed.
  logger.info({ url, port, startupMs: Math.round(performance.now()), dataDir }, 'ready');
  if (process.stdout.isTTY || env.NODE_ENV === 'development') {
    process.stderr.write(welcomeText({ url, dataDir, config, site }));
  }
}

/** Staff sessions end after this much idle time (the admin's default, stated once for the retention job too). */
const SESSION_IDLE_MINUTES = 15;

/** The address the CLI on this machine reaches the gateway at. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Resident memory and the mean and p99 event-loop delay since the previous scrape. */
function runtimeStats(): () => RuntimeStats {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  return () => {
    const mean = delay.mean;
    const p99 = delay.percentile(99);
    delay.reset();
    const memory = process.memoryUsage();
    return {
      residentMemoryBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      eventLoopLagSeconds: Number.isNaN(mean) ? 0 : mean / 1e9,
      eventLoopLagP99Seconds: Number.isNaN(p99) ? 0 : p99 / 1e9,
    };
  };
}

/** The Node fast path for /api/event bypasses the framework, so its latency is recorded here. */
function timedFastPath(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  metrics: GatewayMetrics,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const start = performance.now();
    res.once('finish', () => observeRequest(metrics, 'POST', '/api/event', res.statusCode, performance.now() - start));
    handle(req, res);
  };
}

/**
 * Each configured webhook with its signing secret from the environment variable the config names.
 * A missing secret stops the start: unsigned webhooks would be refused, or worse, trusted.
 */
function webhookTargets(config: CandorConfig, environment: NodeJS.ProcessEnv): Map<string, WebhookTarget> {
  const targets = new Map<string, WebhookTarget>();
  for (const w of config.webhooks) {
    const secret = environment[w.secretEnv];
    if (!secret || secret.length < 16) {
      throw new EnvError(`${w.secretEnv} must hold the signing secret (16+ characters) of webhook "${w.id}"`);
    }
    targets.set(w.id, { url: w.url, secret });
  }
  return targets;
}

main().catch((error: unknown) => {
  // Config and environment errors are the user's to fix: say what is wrong, without a stack.
  const known = error instanceof ConfigError || error instanceof EnvError;
  process.stderr.write(`\nCandor could not start.\n${known ? (error as Error).message : (error as Error).stack}\n\n`);
  process.exit(1);
});
