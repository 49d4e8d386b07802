import type { WebhookEvent } from '@candor/config';
import type Database from 'better-sqlite3';
import type {
  NewOutboxMessage,
  Outbox,
  OutboxData,
  OutboxMessage,
  OutboxStatus,
  SuppressionSource,
} from '../records.ts';
import { clampPageSize, truncateError } from '../records.ts';

type Db = Database.Database;

interface OutboxRow {
  id: number;
  event_id: string;
  type: WebhookEvent;
  target: string;
  email: string | null;
  list: string;
  source: SuppressionSource;
  occurred_at: string;
  data: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/**
 * The outbox insert, for the suppression and request writes to run inside their own transaction.
 * The message is due at `at`, the time of the change that wrote it.
 */
export function insertOutboxStatement(db: Db): (message: NewOutboxMessage, at: Date) => void {
  const insert = db.prepare<[string, string, string, string, string, string, string, string | null, string, string]>(
    `INSERT INTO outbox (event_id, type, target, email, list, source, occurred_at, data, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  );
  return (m, at) => {
    const iso = at.toISOString();
    const data = m.data === undefined ? null : JSON.stringify(m.data);
    insert.run(m.eventId, m.type, m.target, m.email, m.list, m.source, m.occurredAt.toISOString(), data, iso, iso);
  };
}

export function sqliteOutbox(db: Db): Outbox {
  // ISO strings from toISOString() have one fixed width, so text order is time order.
  const due = db.prepare<[string, number], OutboxRow>(
    `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
  );
  const delivered = db.prepare<[string, string, number]>(
    `UPDATE outbox SET status = 'delivered', delivered_at = ?, last_attempt_at = ?, attempts = attempts + 1,
       last_error = NULL, email = NULL, data = NULL
     WHERE id = ? AND status = 'pending'`,
  );
  const failedRetry = db.prepare<[string, string, string, number]>(
    `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ?
     WHERE id = ? AND status = 'pending'`,
  );
  const failedDead = db.prepare<[string, string, number]>(
    `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, status = 'dead'
     WHERE id = ? AND status = 'pending'`,
  );
  const retry = db.prepare<[string, number]>(
    `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?
     WHERE id = ? AND status IN ('pending', 'dead')`,
  );
  const page = db.prepare<[number, number], OutboxRow>('SELECT * FROM outbox WHERE id < ? ORDER BY id DESC LIMIT ?');
  const pageOf = db.prepare<[string, number, number], OutboxRow>(
    'SELECT * FROM outbox WHERE status = ? AND id < ? ORDER BY id DESC LIMIT ?',
  );
  const counts = db.prepare<[], { status: OutboxStatus; n: number }>(
    'SELECT status, count(*) AS n FROM outbox GROUP BY status',
  );
  const purge = db.prepare<[string]>(`DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < ?`);

  return {
    async due(now, limit) {
      return due.all(now.toISOString(), clampPageSize(limit)).map(toMessage);
    },
    async delivered(id, at) {
      const iso = at.toISOString();
      delivered.run(iso, iso, id);
    },
    async failed(id, { error, at, retryAt }) {
      if (retryAt) failedRetry.run(at.toISOString(), truncateError(error), retryAt.toISOString(), id);
      else failedDead.run(at.toISOString(), truncateError(error), id);
    },
    async retry(id, now) {
      return retry.run(now.toISOString(), id).changes === 1;
    },
    async list({ status, limit, before = Number.MAX_SAFE_INTEGER }) {
      const rows = status ? pageOf.all(status, before, clampPageSize(limit)) : page.all(before, clampPageSize(limit));
      return rows.map(toMessage);
    },
    async counts() {
      const out: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const row of counts.all()) out[row.status] = row.n;
      return out;
    },
    async purgeDelivered(before) {
      return purge.run(before.toISOString()).changes;
    },
  };
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    target: row.target,
    email: row.email,
    list: row.list,
    source: row.source,
    occurredAt: new Date(row.occurred_at),
    data: row.data === null ? null : (JSON.parse(row.data) as OutboxData),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    deliveredAt: row.delivered_at === null ? null : new Date(row.delivered_at),
    createdAt: new Date(row.created_at),
  };
}
