import { type CandorConfig, consentIds } from '@candor/config';
import type { ConsentRecordBody } from '@candor/definitions';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { CONSENT_ACTIONS, type NewConsentRecord } from '../store/records.ts';

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a category or service id');

/**
 * The body the banner sends (`ConsentRecordBody`, defined once in @candor/definitions); unknown
 * fields are refused, so nothing else can be smuggled in.
 */
export const consentBodySchema = z
  .object({
    id: z.uuid('must be the random consent id (a UUID)'),
    action: z.enum(CONSENT_ACTIONS),
    granted: z.array(id).max(100),
    denied: z.array(id).max(100),
    revision: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a policy revision (YYYY-MM-DD)'),
    configHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag such as "en" or "de-AT"'),
    gpc: z.boolean(),
    path: z.string().startsWith('/', 'must be a path starting with "/"').max(2048),
  })
  .strict() satisfies z.ZodType<ConsentRecordBody>;

export type ConsentBody = z.output<typeof consentBodySchema>;

/**
 * Checks a consent body against the config and turns it into a record: known ids only, no id
 * both granted and denied, `necessary` and its services always granted, and a current (or still
 * accepted) policy revision. A service may be granted without its category: a frame's "Always
 * allow" consents to that one service, not to everything its category covers. The query string
 * and fragment are dropped from the path, since they can carry personal data.
 */
export function toConsentRecord(body: ConsentBody, config: CandorConfig, gpcHeader: boolean): NewConsentRecord {
  const { categories, services } = consentIds(config);
  const known = (x: string) => categories.has(x) || services.has(x);
  const unknown = [...body.granted, ...body.denied].filter((x) => !known(x));
  if (unknown.length > 0) throw invalid(`unknown category or service: ${[...new Set(unknown)].join(', ')}`);

  const granted = new Set(body.granted);
  const denied = new Set(body.denied);
  const both = [...granted].filter((x) => denied.has(x));
  if (both.length > 0) throw invalid(`both granted and denied: ${both.join(', ')}`);
  if (!granted.has('necessary')) throw invalid('"necessary" is always granted');
  for (const [service, category] of services) {
    if (category === 'necessary' && denied.has(service))
      throw invalid(`"${service}" is necessary and cannot be denied`);
  }
  const revisions = [config.policy.revision, ...config.policy.acceptedRevisions];
  if (!revisions.includes(body.revision)) {
    throw invalid(`revision ${body.revision} is not current (expected ${config.policy.revision}); reload the page`);
  }
  return {
    consentId: body.id,
    action: body.action,
    granted: [...granted],
    denied: [...denied],
    revision: body.revision,
    configHash: body.configHash,
    locale: body.locale,
    gpc: body.gpc || gpcHeader,
    path: body.path.split(/[?#]/)[0] ?? '/',
  };
}

function invalid(detail: string): ApiError {
  return new ApiError('validation_failed', detail);
}
