import type { CandorConfig } from '@candor/config';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import { limitBody } from '../middleware/body-limit/index.ts';
import { parseBody, readJson } from '../request.ts';
import type { ArchivedNotice, ConsentRecord, RecordStore } from '../store/records.ts';
import { createNoticeCatalog } from './notices.ts';
import { consentBodySchema, toConsentRecord } from './record.ts';

export const CONSENT_BODY_LIMIT = 8 * 1024;

export interface ConsentDeps {
  config: CandorConfig;
  records: RecordStore;
  /** Per-client limit on writes (keyed by a salted hash of the client address). */
  rateLimit: MiddlewareHandler;
}

/** How long a browser or CDN may keep `GET /api/banner`'s answer: a config change shows within it. */
const BANNER_MAX_AGE_S = 300;

/**
 * `GET /api/banner` serves the banner config; `POST /api/consent` records a choice made under a
 * notice this gateway served; `GET /api/consent/:id` returns that id's own history, each record
 * with the notice it was given under.
 */
export function registerConsentRoutes(app: Hono<AppEnv>, { config, records, rateLimit }: ConsentDeps) {
  const catalog = createNoticeCatalog(config);
  // Each current notice is archived once per process, the first time it is served or cited.
  const archived = new Set<string>();
  const archive = async (hash: string, notice: unknown) => {
    if (archived.has(hash)) return;
    await records.notices.remember(hash, notice, new Date());
    archived.add(hash);
  };

  app.get('/api/banner', async (c) => {
    const site = c.req.query('site') ?? config.sites[0]?.id;
    if (!config.sites.some((s) => s.id === site)) {
      return problem(c, 'bad_request', `site must be one of: ${config.sites.map((s) => s.id).join(', ')}`);
    }
    const locale = c.req.query('locale') ?? config.locales[0] ?? 'en';
    const served = (await catalog).banner(locale);
    if (!served) return problem(c, 'bad_request', `locale must be one of: ${config.locales.join(', ')}`);
    await archive(served.hash, served.notice);
    const etag = `"${served.hash.slice(0, 32)}"`;
    c.header('cache-control', `public, max-age=${BANNER_MAX_AGE_S}`);
    c.header('etag', etag);
    if (
      c.req
        .header('if-none-match')
        ?.split(',')
        .some((t) => t.trim().replace(/^W\//, '') === etag)
    ) {
      return c.body(null, 304);
    }
    return c.body(served.body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  app.post('/api/consent', limitBody(CONSENT_BODY_LIMIT), rateLimit, async (c) => {
    const body = parseBody(consentBodySchema, await readJson(c));
    const record = toConsentRecord(body, config, c.req.header('sec-gpc') === '1');
    const current = (await catalog).current(record.configHash);
    if (current) await archive(record.configHash, current);
    else if (!(await records.notices.has(record.configHash))) {
      return problem(
        c,
        'validation_failed',
        'configHash names no banner this gateway has served; reload the page to get the current banner',
      );
    }
    // The store resolves only once the row is durable, so 201 means it is on disk.
    const stored = await records.consent.append(record);
    return c.json({ id: stored.consentId, recordedAt: stored.recordedAt.toISOString() }, 201, {
      'cache-control': 'no-store',
    });
  });

  app.get('/api/consent/:id', async (c) => {
    const id = c.req.param('id');
    if (!consentBodySchema.shape.id.safeParse(id).success) {
      return problem(c, 'bad_request', 'A consent id is a UUID.');
    }
    const history = await records.consent.history(id);
    if (history.length === 0) return problem(c, 'not_found', 'No consent has been recorded under this id.');
    const notices = await records.notices.get(history.map((r) => r.configHash));
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (c.req.query('download') !== undefined) {
      headers['content-disposition'] = `attachment; filename="consent-record-${id}.json"`;
    }
    return c.json(
      {
        id,
        controller: {
          name: config.company.legalName,
          address: config.company.address,
          contact: config.company.privacyContact,
        },
        note: 'Proof of the cookie choices made in the browser that holds this random consent id, each with the notice the banner showed when it was made. It contains no IP address, user agent or other identifier.',
        records: history.map((r) => present(r, notices.get(r.configHash))),
      },
      200,
      headers,
    );
  });
}

function present(r: ConsentRecord, archived: ArchivedNotice | undefined) {
  return {
    recordedAt: r.recordedAt.toISOString(),
    action: r.action,
    granted: r.granted,
    denied: r.denied,
    revision: r.revision,
    configHash: r.configHash,
    locale: r.locale,
    gpc: r.gpc,
    path: r.path,
    // Null only for a record made before the archive existed: what that banner showed is unknown.
    notice: archived?.notice ?? null,
    noticeFirstServedAt: archived ? archived.firstServedAt.toISOString() : null,
  };
}
