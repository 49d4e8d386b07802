// Helpers for the privacy-request route tests: submissions as the site's script and form send
// them, the mail they queue, and snapshots of everything a request touches.
import { parseConfig } from '@candor/config';
import demo from '../../../candor.config.ts';
import type { AppDeps } from '../app.ts';
import type { DueMail } from '../store/records.ts';
import { testAdmin, testApp } from '../testing.ts';
import { createUnsubscribe } from '../unsubscribe/service.ts';

export const EMAIL = 'ada.lovelace@example.com';
/** Far enough ahead that every queued mail is due. */
const END_OF_TIME = new Date(8.64e15);

type App = ReturnType<typeof testApp>['app'];

/** A JSON submission, from its own client address unless `peer` is given (the per-client limit is 5 an hour). */
export function submitJson(app: App, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/api/privacy-requests', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-test-peer': crypto.randomUUID(), ...headers },
  });
}

/** The no-JavaScript form post. */
export function submitForm(app: App, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request('/api/privacy-requests', {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-peer': crypto.randomUUID(), ...headers },
  });
}

/** Unsent mail, oldest first. */
export function queuedMail(deps: AppDeps): Promise<DueMail[]> {
  return deps.records.mailQueue.due(END_OF_TIME, 1000);
}

/** The verification token in a mail's link. */
export function tokenIn(mail: { text: string } | undefined): string {
  const token = /\/privacy-requests\/verify\/([A-Za-z0-9_-]{43})\b/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error('no verification link in the mail');
  return token;
}

/** Submits and returns the token of the verification mail it queued. */
export async function submitAndGetToken(app: App, deps: AppDeps, body: Record<string, unknown>): Promise<string> {
  const res = await submitJson(app, body);
  if (res.status !== 202) throw new Error(`submission answered ${res.status}`);
  return tokenIn((await queuedMail(deps)).at(-1));
}

/** Every request with its timeline, the mail queue and the outbox, to assert that nothing moved. */
export async function snapshot(deps: AppDeps) {
  const requests = await deps.records.requests.list({ limit: 500 });
  const events = await Promise.all(requests.map((r) => deps.records.requests.events(r.id)));
  const [mail, mailCounts, outbox] = await Promise.all([
    queuedMail(deps),
    deps.records.mailQueue.counts(),
    deps.records.outbox.list({ limit: 1000 }),
  ]);
  return { requests, events, mail, mailCounts, outbox };
}

/** The demo config with two webhook targets told of verified requests and one that is not. */
export const webhookConfig = parseConfig(
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
      { id: 'other', url: 'https://other.example/hook', events: ['unsubscribe.created'], secretEnv: 'OTHER_SECRET' },
    ],
  },
  'test',
);

/** A test app on a clock the test moves. */
export function appAt(start: string | number, overrides: Parameters<typeof testApp>[0] = {}) {
  let now = new Date(start).getTime();
  const built = testApp({ admin: testAdmin({ now: () => now }), ...overrides });
  return {
    ...built,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** The keyed hash the store keeps of an address (the current pepper's). */
export async function emailHashOf(deps: AppDeps, email: string): Promise<string> {
  const unsubscribe = createUnsubscribe({
    config: deps.config,
    records: deps.records,
    keyring: deps.links.keyring,
    peppers: deps.links.peppers,
    now: Date.now,
  });
  return (await unsubscribe.hashesOf(email))[0] as string;
}
