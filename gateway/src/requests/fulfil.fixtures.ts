// Shared by the fulfilment tests: request deps over a memory store with a settable clock, seeded
// requests under the real email hashes, and a tiny zip reader.
import { inflateRawSync } from 'node:zlib';
import type { CandorConfig } from '@candor/config';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import type { PrivacyRequest, RecordStore, RequestType } from '../store/records.ts';
import { demoConfig, testLinkKeys } from '../testing.ts';
import { createUnsubscribe } from '../unsubscribe/service.ts';
import type { RequestDeps } from './context.ts';

export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const DAY_MS = 86_400_000;

export function fulfilDeps(options: { records?: RecordStore; config?: CandorConfig } = {}) {
  let nowMs = T0.getTime();
  const records = options.records ?? createMemoryRecordStore();
  const config = options.config ?? demoConfig;
  const now = () => nowMs;
  let wakes = 0;
  const deps: RequestDeps = {
    config,
    records,
    unsubscribe: createUnsubscribe({
      config,
      records,
      keyring: testLinkKeys.keyring,
      peppers: testLinkKeys.peppers,
      now,
    }),
    now,
    wakeMail: () => {
      wakes++;
    },
  };
  return {
    deps,
    records,
    wakes: () => wakes,
    setNow: (at: Date) => {
      nowMs = at.getTime();
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

let seq = 0;

/** Submits (and unless `unverified`, verifies) a request of `email` at the deps' clock; due in `dueDays`. */
export async function seedRequest(
  deps: RequestDeps,
  options: { email?: string; type?: RequestType; dueDays?: number; unverified?: boolean; details?: string } = {},
): Promise<PrivacyRequest> {
  seq++;
  const email = options.email ?? 'ada@example.com';
  const [emailHash = ''] = await deps.unsubscribe.hashesOf(email);
  const receivedAt = new Date(deps.now());
  const { request } = await deps.records.requests.submit({
    request: {
      id: crypto.randomUUID(),
      reference: `PR-FUL${String(seq).padStart(5, '0')}`,
      type: options.type ?? 'access',
      jurisdiction: 'gdpr',
      email,
      emailHash,
      details: options.details ?? null,
      rectification: null,
      locale: 'en',
      receivedAt,
    },
    verification: { tokenHash: `tok-${seq}-${Math.random()}`, expiresAt: new Date(receivedAt.getTime() + DAY_MS) },
    mail: [{ to: email, subject: 'Confirm your privacy request', text: 'Confirm', html: '<p>Confirm</p>' }],
  });
  if (options.unverified) return request;
  const dueAt = new Date(receivedAt.getTime() + (options.dueDays ?? 30) * DAY_MS);
  const verified = await deps.records.requests.verify(request.id, { at: receivedAt, dueAt });
  if (!verified) throw new Error('seeded request did not verify');
  return verified;
}

/** The entries of a zip (stored or deflated), read through its central directory. */
export function unzip(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + compressed);
    files.set(name, (method === 8 ? inflateRawSync(body) : body).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
