import { LRUCache } from 'lru-cache';
import { DailySalts, previousDay } from './salts.ts';

/** Hashes the visitor key input; supplied by the runtime (Node: SHA-256). Must be one-way. */
export type Hasher = (input: string) => string;

export const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface VisitorOptions {
  hash: Hasher;
  /** Visitors remembered per day; past it the least recent is forgotten (counted again if it returns). */
  maxVisitors?: number;
}

interface VisitorState {
  sessionId: string;
  lastSeen: number;
}

export interface VisitResult {
  sessionId: string;
  /** The first event of this visitor in the site's day. */
  firstOfDay: boolean;
}

/**
 * Sessions and daily uniques without storing anything about the visitor. The key is
 * hash(daily salt, site, ip, ua); it lives only in this in-memory LRU, is never logged or stored,
 * and becomes meaningless when the salt is dropped. Events carry only a random session id and a
 * first-of-day flag.
 */
export class Visitors {
  readonly salts = new DailySalts();
  readonly #hash: Hasher;
  readonly #seen: LRUCache<string, VisitorState>;
  #day = '';
  #previous = '';

  constructor({ hash, maxVisitors = 200_000 }: VisitorOptions) {
    this.#hash = hash;
    // An entry must outlive its day for daily uniqueness; 26 h covers any time zone shift.
    this.#seen = new LRUCache({ max: maxVisitors, ttl: 26 * 60 * 60 * 1000, ttlAutopurge: false });
  }

  visit(site: string, day: string, ip: string, ua: string, now: number): VisitResult {
    const key = this.#key(this.salts.get(site, day), site, ip, ua);
    const today = this.#seen.get(key);
    if (today) {
      if (now - today.lastSeen > SESSION_IDLE_MS) today.sessionId = newSessionId();
      today.lastSeen = now;
      return { sessionId: today.sessionId, firstOfDay: false };
    }
    // New today. A session that began before midnight continues under the new day's key.
    if (day !== this.#day) {
      this.#day = day;
      this.#previous = previousDay(day);
    }
    const yesterdaySalt = this.salts.peek(site, this.#previous);
    const before = yesterdaySalt === undefined ? undefined : this.#seen.get(this.#key(yesterdaySalt, site, ip, ua));
    const sessionId = before && now - before.lastSeen <= SESSION_IDLE_MS ? before.sessionId : newSessionId();
    if (before) before.lastSeen = now;
    this.#seen.set(key, { sessionId, lastSeen: now });
    return { sessionId, firstOfDay: true };
  }

  get size(): number {
    return this.#seen.size;
  }

  #key(salt: string, site: string, ip: string, ua: string): string {
    return this.#hash(`${salt}\n${site}\n${ip}\n${ua}`);
  }
}

function newSessionId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 16);
}
