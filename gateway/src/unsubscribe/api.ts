import type { CandorConfig } from '@candor/config';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { publicBaseUrl } from '../public-origin.ts';
import { parseBody, readJson } from '../request.ts';
import { ALL_LISTS, type RecordStore, SUPPRESSION_PAGE_MAX } from '../store/records.ts';
import type { Unsubscribe } from './service.ts';

export interface UnsubscribeApiDeps {
  config: CandorConfig;
  records: RecordStore;
  unsubscribe: Unsubscribe;
  trustProxy: boolean;
}

/** Most items in one batch request (links or checks). */
export const BATCH_MAX = 1000;

const email = z.string().min(3).max(320);
const linkRequest = z.strictObject({ email, list: z.string().min(1).max(64) });
const batchRequest = z.strictObject({ links: z.array(linkRequest).min(1).max(BATCH_MAX) });
const suppressBody = z.strictObject({ email, list: z.string().min(1).max(64) });
const checkBody = z.strictObject({ emails: z.array(email).min(1).max(BATCH_MAX) });
const changesQuery = z.strictObject({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(SUPPRESSION_PAGE_MAX).default(100),
});

/**
 * The sender's API: links for outgoing mail (`unsubscribe:write`), suppressions added by the
 * sender (`unsubscribe:write`), and the list to sync and check against (`suppressions:read`).
 */
export function registerUnsubscribeApi(app: Hono<AppEnv>, deps: UnsubscribeApiDeps) {
  const { unsubscribe } = deps;
  const writer = requireAuth({ scope: 'unsubscribe:write', roles: ['privacy'] });
  const reader = requireAuth({ scope: 'suppressions:read', roles: ['privacy'] });
  const noStore = { 'cache-control': 'no-store' };

  app.post('/api/unsubscribe-links', writer, async (c) => {
    const raw = await readJson(c, ['application/json']);
    // `{links: [...]}` is a batch; anything else must be one `{email, list}`.
    const body = isBatch(raw) ? parseBody(batchRequest, raw) : parseBody(linkRequest, raw);
    const baseUrl = deps.config.unsubscribe.baseUrl ?? publicBaseUrl(deps.config);
    const present = async ({ email, list }: z.infer<typeof linkRequest>) => {
      const { url, headers } = await unsubscribe.link(email, list, baseUrl);
      return { url, headers };
    };
    if ('links' in body) {
      const results = [];
      for (const [i, item] of body.links.entries()) {
        results.push(await present(item).catch((error) => reindex(error, `links.${i}`)));
      }
      return c.json({ results }, 200, noStore);
    }
    return c.json(await present(body), 200, noStore);
  });

  app.post('/api/suppressions', writer, async (c) => {
    const body = parseBody(suppressBody, await readJson(c, ['application/json']));
    const address = unsubscribe.normalise(body.email);
    if (address === undefined) throw new ApiError('validation_failed', 'email: is not a valid email address');
    if (body.list !== ALL_LISTS && !unsubscribe.listIds.includes(body.list)) {
      throw new ApiError('validation_failed', `list: "${body.list}" is neither a mailing list of this config nor "*"`);
    }
    const { added } = await unsubscribe.change(address, { add: [body.list] }, 'api');
    return c.json({ list: body.list, created: added.length > 0 }, added.length > 0 ? 201 : 200, noStore);
  });

  app.get('/api/suppressions', reader, async (c) => {
    const query = changesQuery.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      const detail =
        issue?.code === 'unrecognized_keys'
          ? `unknown parameter(s) ${issue.keys.join(', ')}`
          : `${issue?.path.join('.')}: ${issue?.message}`;
      throw new ApiError('validation_failed', detail);
    }
    const { since, limit } = query.data;
    const page = await deps.records.suppressions.changes({ since, limit: limit + 1 });
    const results = page.slice(0, limit).map((s) => ({
      cursor: s.cursor,
      email_hash: s.emailHash,
      list: s.list,
      change: s.change,
      source: s.source,
      at: s.at.toISOString(),
    }));
    const next = results.at(-1)?.cursor ?? since;
    return c.json({ results, next, more: page.length > limit }, 200, noStore);
  });

  app.post('/api/suppressions/check', reader, async (c) => {
    const body = parseBody(checkBody, await readJson(c, ['application/json']));
    const results = [];
    for (const [i, raw] of body.emails.entries()) {
      const address = unsubscribe.normalise(raw);
      if (address === undefined) throw new ApiError('validation_failed', `emails.${i}: is not a valid email address`);
      const state = await unsubscribe.state(address);
      const suppressed =
        state.all || (unsubscribe.listIds.length > 0 && state.lists.length === unsubscribe.listIds.length);
      results.push({ email: raw, suppressed, lists: state.lists, all_lists: state.all });
    }
    return c.json({ results }, 200, noStore);
  });
}

function isBatch(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'links' in body;
}

/** A validation error of one batch item, with the item's place in the batch. */
function reindex(error: unknown, at: string): never {
  if (error instanceof ApiError && error.code === 'validation_failed') {
    throw new ApiError('validation_failed', `${at}.${error.message}`);
  }
  throw error;
}
