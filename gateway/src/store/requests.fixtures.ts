// Shared by the request and mail-queue contract tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryRecordStore } from './memory/records.ts';
import type {
  NewPrivacyRequest,
  RecordStore,
  RequestContent,
  RequestMail,
  RequestType,
  SubmitInput,
} from './records.ts';
import { openSqliteRecordStore } from './sqlite/records.ts';

export const T0 = new Date('2026-03-01T09:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const DAY = 24 * 60;

/** Both adapters, for `describe.each`; `cleanup` closes the SQLite file and deletes its directory. */
export function adapters(cleanups: (() => Promise<void>)[]): [string, () => Promise<RecordStore>][] {
  return [
    ['memory', async () => createMemoryRecordStore()],
    [
      'sqlite',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'candor-requests-'));
        const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
        cleanups.push(async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        });
        return store;
      },
    ],
  ];
}

let seq = 0;

/** A submission received at `minute`, with a verification token valid for 24 h. */
export function submission(
  options: {
    email?: string;
    type?: RequestType;
    minute?: number;
    token?: string;
    mail?: RequestMail[];
    content?: Partial<RequestContent>;
    later?: SubmitInput['later'];
  } = {},
): SubmitInput {
  seq++;
  const email = options.email ?? 'ada@example.com';
  const minute = options.minute ?? 0;
  const request: NewPrivacyRequest = {
    id: `req-${seq}`,
    reference: `PR-TEST${String(seq).padStart(4, '0')}`,
    type: options.type ?? 'access',
    jurisdiction: 'gdpr',
    email,
    emailHash: `hash:${email}`,
    details: 'Please send what you hold about me.',
    rectification: null,
    locale: 'en',
    receivedAt: at(minute),
    ...options.content,
  };
  return {
    request,
    verification: { tokenHash: options.token ?? `token-${seq}`, expiresAt: at(minute + DAY) },
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.later ? { later: options.later } : {}),
  };
}

export const mailTo = (to: string, subject = 'Confirm your privacy request'): RequestMail => ({
  to,
  subject,
  text: `Hello ${to}`,
  html: `<p>Hello ${to}</p>`,
});

/** Submits and verifies a request; returns its id. */
export async function verified(store: RecordStore, options: Parameters<typeof submission>[0] = {}): Promise<string> {
  const input = submission(options);
  const { request } = await store.requests.submit(input);
  const done = await store.requests.verify(request.id, { at: at((options.minute ?? 0) + 10), dueAt: at(30 * DAY) });
  if (!done) throw new Error('fixture request did not verify');
  return request.id;
}
