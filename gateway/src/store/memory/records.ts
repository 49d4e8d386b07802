import { consentDays, foldConsentStats } from '../consent-stats.ts';
import type { ArchivedNotice, AuditEntry, ConsentAction, ConsentRecord, Goal, RecordStore } from '../records.ts';
import { AUDIT_PAGE_MAX } from '../records.ts';
import { createMemoryAccounts } from './accounts.ts';
import { dropWhere } from './drop.ts';
import { createMemoryMailQueue } from './mail-queue.ts';
import { createMemoryRequests } from './requests.ts';
import { createMemorySuppressions } from './suppressions.ts';

/** In-memory RecordStore for route tests. Same contract as the SQLite adapter, no durability. */
export function createMemoryRecordStore(): RecordStore {
  const audit: AuditEntry[] = [];
  let auditSeq = 0;
  const consent: ConsentRecord[] = [];
  const notices = new Map<string, ArchivedNotice>();
  let goals: Goal[] = [];
  const digestWeeks = new Map<string, string>();
  let closed = false;
  const open = () => {
    if (closed) throw new Error('RecordStore is closed');
  };
  const { suppressions, outbox, enqueueOutbox } = createMemorySuppressions(open);
  const { mailQueue, enqueueMail, dropMail } = createMemoryMailQueue(open);
  return {
    ...createMemoryAccounts(open),
    suppressions,
    outbox,
    mailQueue,
    requests: createMemoryRequests({ open, enqueueMail, dropMail, enqueueOutbox }),
    audit: {
      async append(entry) {
        open();
        const row: AuditEntry = {
          id: ++auditSeq,
          at: new Date(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          before: structuredClone(entry.before ?? null),
          after: structuredClone(entry.after ?? null),
        };
        audit.push(row);
        return row;
      },
      async list({ limit = 50, before = Number.MAX_SAFE_INTEGER } = {}) {
        open();
        return audit
          .filter((e) => e.id < before)
          .reverse()
          .slice(0, Math.min(Math.max(1, limit), AUDIT_PAGE_MAX));
      },
      async deleteBefore(before) {
        open();
        return dropWhere(audit, (e) => e.at < before);
      },
    },
    notices: {
      async remember(hash, notice, at) {
        open();
        if (!notices.has(hash)) notices.set(hash, { hash, notice: structuredClone(notice), firstServedAt: at });
      },
      async has(hash) {
        open();
        return notices.has(hash);
      },
      async get(hashes) {
        open();
        const found = new Map<string, ArchivedNotice>();
        for (const hash of hashes) {
          const row = notices.get(hash);
          if (row) found.set(hash, structuredClone(row));
        }
        return found;
      },
      async deleteUncitedBefore(before) {
        open();
        let n = 0;
        for (const [hash, row] of notices) {
          if (row.firstServedAt < before && !consent.some((r) => r.configHash === hash)) {
            notices.delete(hash);
            n++;
          }
        }
        return n;
      },
    },
    consent: {
      async append(record) {
        open();
        const row = structuredClone({ ...record, recordedAt: new Date() });
        consent.push(row);
        return structuredClone(row);
      },
      async history(consentId) {
        open();
        return structuredClone(consent.filter((r) => r.consentId === consentId));
      },
      async stats(range) {
        open();
        const days = consentDays(range);
        const actions = new Map<string, { day: string; action: ConsentAction; n: number }>();
        const categories = new Map<string, number>();
        for (const r of consent) {
          const t = r.recordedAt.getTime();
          const day = days.find((d) => d.start.getTime() <= t && t < d.end.getTime());
          if (!day) continue;
          const key = `${day.day} ${r.action}`;
          const row = actions.get(key) ?? { day: day.day, action: r.action, n: 0 };
          row.n++;
          actions.set(key, row);
          for (const id of new Set(r.granted)) categories.set(id, (categories.get(id) ?? 0) + 1);
        }
        const categoryRows = [...categories].map(([category, n]) => ({ category, n }));
        return foldConsentStats(days, [...actions.values()], categoryRows);
      },
      async deleteBefore(before) {
        open();
        return dropWhere(consent, (r) => r.recordedAt < before);
      },
    },
    goals: {
      async list() {
        open();
        return structuredClone(goals);
      },
      async create(goal) {
        open();
        const row: Goal = { ...goal, id: crypto.randomUUID(), createdAt: new Date() };
        goals.push(row);
        return structuredClone(row);
      },
      async delete(id) {
        open();
        const found = goals.find((g) => g.id === id);
        goals = goals.filter((g) => g.id !== id);
        return structuredClone(found);
      },
    },
    digests: {
      async lastSentWeek(site) {
        open();
        return digestWeeks.get(site);
      },
      async markSent(site, week) {
        open();
        const last = digestWeeks.get(site);
        if (last === undefined || last < week) digestWeeks.set(site, week);
      },
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
