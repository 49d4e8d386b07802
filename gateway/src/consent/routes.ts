import type { CandorConfig } from '@candor/config';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../errors.ts';
import { limitBody } from '../middleware/body-limit/index.ts';
import { parseBody, readJson } from '../request.ts';
import type { ConsentRecord, RecordStore } from '../store/records.ts';
import { consentBodySchema, toConsentRecord } from './record.ts';

export const CONSENT_BODY_LIMIT = 8 * 1024;

export interface ConsentDeps {
  config: CandorConfig;
  records: RecordStore;
  /** Per-client limit on writes (keyed by a salted hash of the client address). */
  rateLimit: MiddlewareHandler;
}

/** `POST /api/consent` records a choice; `GET /api/consent/:id` returns that id's own history. */
export function registerConsentRoutes(app: Hono<AppEnv>, { config, records, rateLimit }: ConsentDeps) {
  app.post('/api/consent', limitBody(CONSENT_BODY_LIMIT), rateLimit, async (c) => {
    const body = parseBody(consentBodySchema, await readJson(c));
    const record = toConsentRecord(body, config, c.req.header('sec-gpc') === '1');
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
        note: 'Proof of the cookie choices made in the browser that holds this random consent id. It contains no IP address, user agent or other identifier.',
        records: history.map(present),
      },
      200,
      headers,
    );
  });
}

function present(r: ConsentRecord) {
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
  };
}
