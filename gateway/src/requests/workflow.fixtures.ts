// Shared by the officer-side tests (workflow, callbacks, admin pages): a config with connected
// systems, request deps with a settable clock, and requests seeded straight through the store.
import { type CandorConfig, parseConfig } from '@candor/config';
import demo from '../../../candor.config.ts';
import { signRequest } from '../outbox/signature.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import type { DueMail, Jurisdiction, PrivacyRequest, RecordStore, RequestType } from '../store/records.ts';
import { testLinkKeys } from '../testing.ts';
import { createUnsubscribe, type Unsubscribe } from '../unsubscribe/service.ts';
import { type RequestDeps, requestTimeZone } from './context.ts';
import { dueDate } from './deadlines.ts';

export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const DAY_MS = 86_400_000;
export const EMAIL = 'grace.hopper@example.com';

/** `crm` and `esp` are told of verified requests; `shop` only of unsubscribes. */
export const systemsConfig: CandorConfig = parseConfig(
  {
    ...demo,
    webhooks: [
      { id: 'crm', url: 'https://crm.example/hook', events: ['privacy_request.verified'], secretEnv: 'CRM_SECRET' },
      {
        id: 'esp',
        url: 'https://esp.example/hook',
        events: ['unsubscribe.created', 'privacy_request.verified'],
        secretEnv: 'ESP_SECRET',
      },
      { id: 'shop', url: 'https://shop.example/hook', events: ['unsubscribe.created'], secretEnv: 'SHOP_SECRET' },
    ],
  },
  'test',
);

export const SECRETS: ReadonlyMap<string, string> = new Map([
  ['crm', 'crm-secret-0123456789abcdef'],
  ['esp', 'esp-secret-0123456789abcdef'],
  ['shop', 'shop-secret-0123456789abcdef'],
]);

export function testUnsubscribe(config: CandorConfig, records: RecordStore, now: () => number): Unsubscribe {
  return createUnsubscribe({ config, records, keyring: testLinkKeys.keyring, peppers: testLinkKeys.peppers, now });
}

/** Request deps over a memory store; the clock starts at T0 and moves only when told. */
export function workflowDeps(options: { config?: CandorConfig } = {}) {
  let nowMs = T0.getTime();
  let wakes = 0;
  const config = options.config ?? systemsConfig;
  const records = createMemoryRecordStore();
  const now = () => nowMs;
  const deps: RequestDeps = {
    config,
    records,
    unsubscribe: testUnsubscribe(config, records, now),
    now,
    wakeMail: () => void wakes++,
  };
  return {
    deps,
    records,
    wakes: () => wakes,
    setNow: (at: Date) => {
      nowMs = at.getTime();
    },
  };
}

let seq = 0;

export interface SeedOptions {
  type?: RequestType;
  email?: string;
  jurisdiction?: Jurisdiction;
  locale?: string;
  receivedAt?: Date;
  /** Default: the legal due date from `receivedAt`. */
  dueAt?: Date;
  unverified?: boolean;
  rectification?: string;
}

/** Files and (unless `unverified`) verifies a request through the store, as the visitor side would. */
export async function seedRequest(
  deps: Pick<RequestDeps, 'config' | 'records' | 'unsubscribe'>,
  options: SeedOptions = {},
): Promise<PrivacyRequest> {
  seq++;
  const email = options.email ?? EMAIL;
  const [emailHash = ''] = await deps.unsubscribe.hashesOf(email);
  const receivedAt = options.receivedAt ?? T0;
  const jurisdiction = options.jurisdiction ?? 'gdpr';
  const { request } = await deps.records.requests.submit({
    request: {
      id: crypto.randomUUID(),
      reference: `PR-WF${String(seq).padStart(6, '0')}`,
      type: options.type ?? 'access',
      jurisdiction,
      email,
      emailHash,
      details: 'Everything you hold, please.',
      rectification: options.rectification ?? null,
      locale: options.locale ?? 'en',
      receivedAt,
    },
    verification: { tokenHash: `wf-token-${seq}-${Math.random()}`, expiresAt: new Date(receivedAt.getTime() + DAY_MS) },
  });
  if (options.unverified) return request;
  const dueAt = options.dueAt ?? dueDate(receivedAt, jurisdiction, requestTimeZone(deps.config));
  const verified = await deps.records.requests.verify(request.id, { at: receivedAt, dueAt });
  if (!verified) throw new Error('seeded request did not verify');
  return verified;
}

/** Unsent mail, oldest first. */
export function queued(records: RecordStore): Promise<DueMail[]> {
  return records.mailQueue.due(new Date(8.64e15), 1000);
}

/**
 * A connected system's signed report to `path` (its `callback_url`'s path), as `app.request` init:
 * scheme v2, over the method, the path and the body.
 */
export async function signedReport(
  path: string,
  body: unknown,
  options: { system?: string; secret?: string; at?: Date } = {},
): Promise<RequestInit> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const secret = options.secret ?? SECRETS.get(options.system ?? 'crm') ?? '';
  const t = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const signature = await signRequest(secret, { method: 'POST', path, body: raw }, t);
  return { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'candor-signature': signature } };
}
