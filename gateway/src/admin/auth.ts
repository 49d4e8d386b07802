import type { ApiKey, RecordStore } from '../store/records.ts';
import { hashApiKey, looksLikeApiKey } from './api-key.ts';
import { importHmacKey } from './crypto.ts';
import { csrfTokenFor } from './csrf.ts';
import { createSessionManager, type SessionManager, TOUCH_INTERVAL_MS } from './session.ts';

export interface AuthOptions {
  records: RecordStore;
  /** Key for the per-session CSRF token; main.ts derives it from the master secret. */
  csrfKey: Uint8Array;
  trustProxy: boolean;
  now: () => number;
  idleMinutes?: number;
  absoluteHours?: number;
}

/** What `requireAuth` and the admin routes need, built once per app and put on the context. */
export interface Auth {
  sessions: SessionManager;
  csrfToken(sessionId: string): Promise<string>;
  /** The active (unrevoked) key for a bearer token, recording its use at most once a minute. */
  apiKey(token: string): Promise<ApiKey | undefined>;
  trustProxy: boolean;
  now: () => number;
}

export function createAuth({ records, csrfKey, trustProxy, now, idleMinutes, absoluteHours }: AuthOptions): Auth {
  const key = importHmacKey(csrfKey);
  return {
    sessions: createSessionManager({ records, now, idleMinutes, absoluteHours }),
    async csrfToken(sessionId) {
      return csrfTokenFor(await key, sessionId);
    },
    async apiKey(token) {
      if (!looksLikeApiKey(token)) return undefined;
      const found = await records.apiKeys.byHash(await hashApiKey(token));
      if (!found || found.revokedAt !== null) return undefined;
      const t = now();
      if (found.lastUsedAt === null || t - found.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
        await records.apiKeys.touch(found.id, new Date(t));
      }
      return found;
    },
    trustProxy,
    now,
  };
}
