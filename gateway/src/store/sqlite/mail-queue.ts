import type Database from 'better-sqlite3';
import type { DueMail, MailQueue, MailStatus, NewMail, QueuedMail } from '../mail-queue.ts';
import { clampPageSize, truncateError } from '../suppressions.ts';

type Db = Database.Database;

interface MailRow {
  id: number;
  request_id: string | null;
  to_address: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  status: MailStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

/** The mail insert, for request writes to run inside their own transaction; returns the new id. */
export function insertMailStatement(db: Db): (mail: NewMail, at: Date, dueAt?: Date) => number {
  const insert = db.prepare<[string | null, string, string, string, string, string, string], { id: number }>(
    `INSERT INTO mail_queue (request_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id`,
  );
  return (mail, at, dueAt = at) => {
    const iso = at.toISOString();
    const due = dueAt.toISOString();
    const row = insert.get(mail.requestId ?? null, mail.to, mail.subject, mail.text, mail.html, due, iso);
    if (!row) throw new Error('mail_queue insert returned no row');
    return row.id;
  };
}

export function sqliteMailQueue(db: Db): MailQueue {
  const insert = insertMailStatement(db);
  const enqueue = db.transaction((messages: readonly NewMail[], at: Date) => messages.map((m) => insert(m, at)));
  // ISO strings from toISOString() have one fixed width, so text order is time order.
  const due = db.prepare<[string, number], MailRow>(
    `SELECT * FROM mail_queue WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
  );
  const sent = db.prepare<[string, string, number]>(
    `UPDATE mail_queue SET status = 'sent', sent_at = ?, last_attempt_at = ?, attempts = attempts + 1,
       last_error = NULL, to_address = NULL, subject = NULL, text_body = NULL, html_body = NULL
     WHERE id = ? AND status = 'pending'`,
  );
  const failedRetry = db.prepare<[string, string, string, number]>(
    `UPDATE mail_queue SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ?
     WHERE id = ? AND status = 'pending'`,
  );
  const failedDead = db.prepare<[string, string, number]>(
    `UPDATE mail_queue SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, status = 'dead'
     WHERE id = ? AND status = 'pending'`,
  );
  const retry = db.prepare<[string, number]>(
    `UPDATE mail_queue SET status = 'pending', attempts = 0, next_attempt_at = ?
     WHERE id = ? AND status IN ('pending', 'dead')`,
  );
  const byId = db.prepare<[number], MailRow>('SELECT * FROM mail_queue WHERE id = ?');
  const counts = db.prepare<[], { status: MailStatus; n: number }>(
    'SELECT status, count(*) AS n FROM mail_queue GROUP BY status',
  );
  const purge = db.prepare<[string]>(`DELETE FROM mail_queue WHERE status = 'sent' AND sent_at < ?`);
  const purgeDead = db.prepare<[string]>(`DELETE FROM mail_queue WHERE status = 'dead' AND created_at < ?`);

  return {
    async enqueue(messages, at) {
      return enqueue(messages, at);
    },
    async due(now, limit) {
      return due.all(now.toISOString(), clampPageSize(limit)).map((row) => toMail(row) as DueMail);
    },
    async sent(id, at) {
      const iso = at.toISOString();
      sent.run(iso, iso, id);
    },
    async failed(id, { error, at, retryAt }) {
      if (retryAt) failedRetry.run(at.toISOString(), truncateError(error), retryAt.toISOString(), id);
      else failedDead.run(at.toISOString(), truncateError(error), id);
    },
    async retry(id, now) {
      return retry.run(now.toISOString(), id).changes === 1;
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toMail(row);
    },
    async counts() {
      const out: Record<MailStatus, number> = { pending: 0, sent: 0, dead: 0 };
      for (const row of counts.all()) out[row.status] = row.n;
      return out;
    },
    async purgeSent(before) {
      return purge.run(before.toISOString()).changes;
    },
    async purgeDead(before) {
      return purgeDead.run(before.toISOString()).changes;
    },
  };
}

// A pending row always has its address and body (a CHECK constraint), so the DueMail cast holds.
function toMail(row: MailRow): QueuedMail {
  return {
    id: row.id,
    requestId: row.request_id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    createdAt: new Date(row.created_at),
  };
}
