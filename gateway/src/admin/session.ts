import type { RecordStore, Session, User } from '../store/records.ts';
import { randomToken, sha256Hex } from './crypto.ts';

export const SESSION_COOKIE = 'candor_session';
export const DEFAULT_IDLE_MINUTES = 15;
export const DEFAULT_ABSOLUTE_HOURS = 12;
/** `last seen` is written at most this often, so browsing is not one write per request. */
export const TOUCH_INTERVAL_MS = 60_000;

const MINUTE = 60_000;
const COOKIE_VALUE = /^[\w-]{43}$/;

export interface SessionOptions {
  records: RecordStore;
  now: () => number;
  idleMinutes?: number;
  absoluteHours?: number;
}

export interface SignedIn {
  user: User;
  session: Session;
  /** The cookie value (the raw session id); the store knows only its hash. */
  id: string;
}

export type SessionManager = ReturnType<typeof createSessionManager>;

/**
 * Staff sessions: a random 32-byte id in the cookie, its SHA-256 in the store. A session ends
 * `idleMinutes` after the last recorded request (recorded at most once a minute, so a session may
 * end up to a minute early, never late), after `absoluteHours` in any case, on sign-out, and as
 * soon as its user is disabled.
 */
export function createSessionManager({
  records,
  now,
  idleMinutes = DEFAULT_IDLE_MINUTES,
  absoluteHours = DEFAULT_ABSOLUTE_HOURS,
}: SessionOptions) {
  const idleMs = idleMinutes * MINUTE;
  return {
    idleMinutes,
    /** Starts a session for the user and returns the cookie value. */
    async start(userId: string): Promise<string> {
      const t = now();
      await records.sessions.deleteStale(new Date(t), new Date(t - idleMs));
      const id = randomToken(32);
      await records.sessions.create({
        idHash: await sha256Hex(id),
        userId,
        createdAt: new Date(t),
        lastSeenAt: new Date(t),
        expiresAt: new Date(t + absoluteHours * 60 * MINUTE),
      });
      return id;
    },

    /** The signed-in user for a cookie value, sliding its idle timer; undefined when not valid. */
    async resolve(id: string | undefined): Promise<SignedIn | undefined> {
      if (id === undefined || !COOKIE_VALUE.test(id)) return undefined;
      const idHash = await sha256Hex(id);
      const session = await records.sessions.get(idHash);
      if (!session) return undefined;
      const t = now();
      if (t >= session.expiresAt.getTime() || t - session.lastSeenAt.getTime() > idleMs) {
        await records.sessions.delete(idHash);
        return undefined;
      }
      const user = await records.users.byId(session.userId);
      if (!user || user.disabledAt !== null) {
        await records.sessions.delete(idHash);
        return undefined;
      }
      if (t - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        session.lastSeenAt = new Date(t);
        await records.sessions.touch(idHash, session.lastSeenAt);
      }
      return { user, session, id };
    },

    async end(id: string): Promise<void> {
      if (COOKIE_VALUE.test(id)) await records.sessions.delete(await sha256Hex(id));
    },
  };
}
