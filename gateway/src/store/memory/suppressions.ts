import {
  clampPageSize,
  isLinkSource,
  type NewOutboxMessage,
  type Outbox,
  type OutboxMessage,
  type OutboxStatus,
  recordFailedAttempt,
  type Suppression,
  type SuppressionChange,
  type SuppressionSource,
  type Suppressions,
  type SuppressionWrite,
} from '../records.ts';

export interface MemorySuppressions {
  suppressions: Suppressions;
  outbox: Outbox;
  /**
   * Adds outbox messages for another memory adapter's write (a verified request). Checks every
   * (eventId, target) first and throws before adding any on a duplicate, like a rolled-back insert.
   */
  enqueueOutbox(messages: readonly NewOutboxMessage[], at: Date): void;
}

/** In-memory twins of the suppression list and the outbox; same contract as the SQLite adapters. */
export function createMemorySuppressions(open: () => void): MemorySuppressions {
  const current = new Map<string, Suppression>();
  const changes: SuppressionChange[] = [];
  const messages: OutboxMessage[] = [];
  let nextId = 1; // ids are never reused, even after a purge, like AUTOINCREMENT
  const key = (emailHash: string, list: string) => `${emailHash}\n${list}`;
  const copy = <T>(value: T): T => structuredClone(value);

  // Like the SQLite transaction: everything is checked before anything changes, so a duplicate
  // (eventId, target) leaves no trace.
  const write = (change: 'added' | 'removed', items: readonly SuppressionWrite[]): boolean[] => {
    open();
    const present = new Set(current.keys());
    const sent = new Set(messages.map((m) => key(m.eventId, m.target)));
    const takeOvers: { k: string; source: SuppressionSource }[] = [];
    const plan = items.map((item) => {
      const k = key(item.emailHash, item.list);
      const applies = change === 'added' ? !present.has(k) : present.has(k);
      if (!applies) {
        if (change === 'added' && !isLinkSource(item.source)) takeOvers.push({ k, source: item.source });
        return false;
      }
      if (change === 'added') present.add(k);
      else present.delete(k);
      for (const m of item.outbox) {
        const mk = key(m.eventId, m.target);
        if (sent.has(mk)) throw new Error('UNIQUE constraint failed: outbox.event_id, outbox.target');
        sent.add(mk);
      }
      return true;
    });
    items.forEach((item, i) => {
      if (!plan[i]) return;
      const k = key(item.emailHash, item.list);
      if (change === 'added') {
        current.set(k, {
          emailHash: item.emailHash,
          list: item.list,
          source: item.source,
          linkList: isLinkSource(item.source) ? (item.linkList ?? null) : null,
          createdAt: new Date(item.at),
        });
      } else {
        current.delete(k);
      }
      changes.push({
        cursor: changes.length + 1,
        emailHash: item.emailHash,
        list: item.list,
        change,
        source: item.source,
        at: new Date(item.at),
      });
      for (const m of item.outbox) push(m, item.at);
    });
    // A link's row taken over by another source, so that no link can lift it (see the port).
    for (const { k, source } of takeOvers) {
      const row = current.get(k);
      if (row && isLinkSource(row.source)) Object.assign(row, { source, linkList: null });
    }
    return plan;
  };

  const push = (m: NewOutboxMessage, at: Date) => {
    messages.push({
      ...copy(m),
      data: m.data === undefined ? null : copy(m.data),
      id: nextId++,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(at),
      lastError: null,
      deliveredAt: null,
      createdAt: new Date(at),
    });
  };

  const enqueueOutbox = (batch: readonly NewOutboxMessage[], at: Date) => {
    const sent = new Set(messages.map((m) => key(m.eventId, m.target)));
    for (const m of batch) {
      const mk = key(m.eventId, m.target);
      if (sent.has(mk)) throw new Error('UNIQUE constraint failed: outbox.event_id, outbox.target');
      sent.add(mk);
    }
    for (const m of batch) push(m, at);
  };

  const pending = (id: number) => messages.find((m) => m.id === id && m.status === 'pending');

  const suppressions: Suppressions = {
    async add(items) {
      return write('added', items);
    },
    async remove(items) {
      return write('removed', items);
    },
    async ofHashes(emailHashes) {
      open();
      const wanted = new Set(emailHashes);
      return copy([...current.values()].filter((s) => wanted.has(s.emailHash)));
    },
    async changes({ since, limit }) {
      open();
      return copy(changes.filter((c) => c.cursor > since).slice(0, clampPageSize(limit)));
    },
    async list({ limit, offset = 0 }) {
      open();
      // Newest first; among equal times the later insert first, like SQLite's rowid order.
      const newest = [...current.values()]
        .map((s, i) => ({ s, i }))
        .sort((a, b) => b.s.createdAt.getTime() - a.s.createdAt.getTime() || b.i - a.i)
        .map(({ s }) => s);
      return copy(newest.slice(Math.max(0, offset), Math.max(0, offset) + clampPageSize(limit)));
    },
    async count() {
      open();
      return current.size;
    },
  };

  const outbox: Outbox = {
    async due(now, limit) {
      open();
      const ready = messages.filter((m) => m.status === 'pending' && m.nextAttemptAt.getTime() <= now.getTime());
      return copy(ready.slice(0, clampPageSize(limit)));
    },
    async delivered(id, at) {
      open();
      const m = pending(id);
      if (!m) return;
      Object.assign(m, { status: 'delivered', deliveredAt: new Date(at), attempts: m.attempts + 1, lastError: null });
      m.email = null;
      m.data = null;
    },
    async failed(id, result) {
      open();
      const m = pending(id);
      if (m) recordFailedAttempt(m, result);
    },
    async retry(id, now) {
      open();
      const m = messages.find((x) => x.id === id && x.status !== 'delivered');
      if (!m) return false;
      Object.assign(m, { status: 'pending', attempts: 0, nextAttemptAt: new Date(now) });
      return true;
    },
    async list({ status, limit, before = Number.MAX_SAFE_INTEGER }) {
      open();
      const rows = messages.filter((m) => m.id < before && (!status || m.status === status)).reverse();
      return copy(rows.slice(0, clampPageSize(limit)));
    },
    async counts() {
      open();
      const out: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const m of messages) out[m.status]++;
      return out;
    },
    async purgeDelivered(before) {
      open();
      let purged = 0;
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i];
        if (m?.status === 'delivered' && m.deliveredAt && m.deliveredAt < before) {
          messages.splice(i, 1);
          purged++;
        }
      }
      return purged;
    },
  };

  return { suppressions, outbox, enqueueOutbox };
}
