import type { DueMail, MailQueue, MailStatus, NewMail, QueuedMail } from '../mail-queue.ts';
import { clampPageSize, recordFailedAttempt } from '../suppressions.ts';
import { dropWhere } from './drop.ts';

export interface MemoryMailQueue {
  mailQueue: MailQueue;
  /** Adds one message for another memory adapter's write, due at `dueAt` (default `at`); returns its id. */
  enqueueMail(mail: NewMail, at: Date, dueAt?: Date): number;
  /** Removes a request's mail: pending (a replaced link), unsent (minimisation), or all of it (deleted). */
  dropMail(requestId: string, which: 'pending' | 'unsent' | 'all'): void;
}

/** In-memory twin of the mail queue; same contract as the SQLite adapter. */
export function createMemoryMailQueue(open: () => void): MemoryMailQueue {
  const rows: QueuedMail[] = [];
  let nextId = 1; // never reused, like AUTOINCREMENT
  const copy = <T>(value: T): T => structuredClone(value);
  const pending = (id: number) => rows.find((m) => m.id === id && m.status === 'pending');

  const enqueueMail = (mail: NewMail, at: Date, dueAt: Date = at): number => {
    const id = nextId++;
    rows.push({
      id,
      requestId: mail.requestId ?? null,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(dueAt),
      lastError: null,
      sentAt: null,
      createdAt: new Date(at),
    });
    return id;
  };

  const mailQueue: MailQueue = {
    async enqueue(messages, at) {
      open();
      return messages.map((m) => enqueueMail(m, at));
    },
    async due(now, limit) {
      open();
      const ready = rows.filter((m) => m.status === 'pending' && m.nextAttemptAt.getTime() <= now.getTime());
      return copy(ready.slice(0, clampPageSize(limit))) as DueMail[];
    },
    async sent(id, at) {
      open();
      const m = pending(id);
      if (!m) return;
      Object.assign(m, { status: 'sent', sentAt: new Date(at), attempts: m.attempts + 1, lastError: null });
      Object.assign(m, { to: null, subject: null, text: null, html: null });
    },
    async failed(id, result) {
      open();
      const m = pending(id);
      if (m) recordFailedAttempt(m, result);
    },
    async retry(id, now) {
      open();
      const m = rows.find((x) => x.id === id && x.status !== 'sent');
      if (!m) return false;
      Object.assign(m, { status: 'pending', attempts: 0, nextAttemptAt: new Date(now) });
      return true;
    },
    async byId(id) {
      open();
      return copy(rows.find((m) => m.id === id));
    },
    async counts() {
      open();
      const out: Record<MailStatus, number> = { pending: 0, sent: 0, dead: 0 };
      for (const m of rows) out[m.status]++;
      return out;
    },
    async purgeSent(before) {
      return remove((m) => m.status === 'sent' && !!m.sentAt && m.sentAt < before);
    },
    async purgeDead(before) {
      return remove((m) => m.status === 'dead' && m.createdAt < before);
    },
  };

  function remove(match: (m: QueuedMail) => boolean): number {
    open();
    return dropWhere(rows, match);
  }

  const dropMail = (requestId: string, which: 'pending' | 'unsent' | 'all') => {
    const drops = {
      pending: (m: QueuedMail) => m.status === 'pending',
      unsent: (m: QueuedMail) => m.status !== 'sent',
    };
    dropWhere(rows, (m) => m.requestId === requestId && (which === 'all' || drops[which](m)));
  };

  return { mailQueue, enqueueMail, dropMail };
}
