import type { AuditEntry, ConsentRecord, RecordStore } from '../records.ts';
import { AUDIT_PAGE_MAX } from '../records.ts';
import { createMemoryAccounts } from './accounts.ts';

/** In-memory RecordStore for route tests. Same contract as the SQLite adapter, no durability. */
export function createMemoryRecordStore(): RecordStore {
  const audit: AuditEntry[] = [];
  const consent: ConsentRecord[] = [];
  let closed = false;
  const open = () => {
    if (closed) throw new Error('RecordStore is closed');
  };
  return {
    ...createMemoryAccounts(open),
    audit: {
      async append(entry) {
        open();
        const row: AuditEntry = {
          id: audit.length + 1,
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
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
