import type {
  ExportPackage,
  NewOutboxMessage,
  NewRequestEvent,
  PrivacyRequest,
  RequestEvent,
  RequestMail,
  RequestStatus,
  Requests,
  SystemReport,
} from '../records.ts';
import { CLOSED_STATUSES, canTransition, clampRequestPage } from '../records.ts';

interface Row {
  request: PrivacyRequest;
  token: { hash: string; expiresAt: Date } | null;
}

export interface MemoryRequestDeps {
  open: () => void;
  enqueueMail(mail: RequestMail & { requestId: string }, at: Date, dueAt?: Date): number;
  dropMail(requestId: string, which: 'pending' | 'unsent' | 'all'): void;
  enqueueOutbox(messages: readonly NewOutboxMessage[], at: Date): void;
}

/**
 * In-memory twin of the privacy requests; same contract as the SQLite adapter. Each method checks
 * everything that can fail before it changes anything, which stands in for a transaction.
 */
export function createMemoryRequests({ open, enqueueMail, dropMail, enqueueOutbox }: MemoryRequestDeps): Requests {
  const rows = new Map<string, Row>();
  let events: RequestEvent[] = [];
  const reports = new Map<string, SystemReport>();
  const exports = new Map<string, ExportPackage>();
  let nextEventId = 1;
  const copy = <T>(value: T): T => structuredClone(value);
  const live = (t: Row['token'], now: Date) => t !== null && t.expiresAt.getTime() > now.getTime();

  const event = (requestId: string, e: NewRequestEvent): RequestEvent => {
    const row: RequestEvent = { ...copy(e), detail: copy(e.detail ?? null), id: nextEventId++, requestId };
    events.push(row);
    return copy(row);
  };
  const mail = (requestId: string, messages: readonly RequestMail[] = [], at: Date, dueAt?: Date) => {
    for (const m of messages) {
      const mailId = enqueueMail({ ...m, requestId }, at, dueAt);
      event(requestId, { at, actor: 'system', kind: 'email', detail: { mailId, subject: m.subject } });
    }
  };
  const minimise = (row: Row, at: Date) => {
    Object.assign(row.request, { email: null, emailHash: null, details: null, rectification: null });
    row.request.minimisedAt = new Date(at);
    row.token = null;
    for (const e of events) if (e.requestId === row.request.id) e.detail = null;
    for (const r of reports.values()) if (r.requestId === row.request.id) r.data = null;
    exports.delete(row.request.id);
    dropMail(row.request.id, 'unsent');
  };
  const byStatus = (statuses?: readonly RequestStatus[]) =>
    [...rows.values()].map((r) => r.request).filter((r) => !statuses || statuses.includes(r.status));
  const ofHashes = (hashes: readonly string[]) =>
    [...rows.values()]
      .filter((r) => r.request.emailHash !== null && hashes.includes(r.request.emailHash))
      .sort((a, b) => a.request.receivedAt.getTime() - b.request.receivedAt.getTime());

  return {
    async submit({ request: r, verification: v, mail: messages, later }) {
      open();
      const existing = [...rows.values()]
        .filter(
          (x) =>
            x.request.emailHash === r.emailHash &&
            x.request.type === r.type &&
            x.request.status === 'unverified' &&
            live(x.token, r.receivedAt),
        )
        .sort((a, b) => b.request.receivedAt.getTime() - a.request.receivedAt.getTime())[0];
      const token = { hash: v.tokenHash, expiresAt: new Date(v.expiresAt) };
      if ([...rows.values()].some((x) => x.token?.hash === v.tokenHash)) {
        throw new Error('UNIQUE constraint failed: privacy_requests.verification_hash');
      }
      const linkMailed = (id: string) => events.some((e) => e.requestId === id && e.kind === 'verification_sent');
      const keep =
        existing !== undefined &&
        later !== undefined &&
        (later.mailAt === undefined || linkMailed(existing.request.id));
      if (existing) {
        const { jurisdiction, details, rectification, locale } = r;
        Object.assign(existing.request, { jurisdiction, details, rectification, locale });
      } else {
        if (rows.has(r.id) || [...rows.values()].some((x) => x.request.reference === r.reference)) {
          throw new Error('UNIQUE constraint failed: privacy_requests');
        }
        const request: PrivacyRequest = {
          ...copy(r),
          status: 'unverified',
          verifiedAt: null,
          dueAt: null,
          extendedAt: null,
          extensionReason: null,
          completedAt: null,
          restricted: false,
          minimisedAt: null,
        };
        rows.set(r.id, { request, token });
      }
      const id = existing?.request.id ?? r.id;
      const received = {
        type: r.type,
        jurisdiction: r.jurisdiction,
        ...(existing ? { resubmitted: true } : {}),
        ...(later ? { limit: later.reason } : {}),
      };
      event(id, { at: r.receivedAt, actor: 'requester', kind: 'received', detail: received });
      if (existing && !keep) {
        existing.token = token;
        dropMail(id, 'pending');
      }
      if (!keep && (later === undefined || later.mailAt !== undefined)) {
        const mailAt = later?.mailAt ? { mailAt: later.mailAt.toISOString() } : {};
        const detail = { expiresAt: v.expiresAt.toISOString(), ...mailAt };
        event(id, { at: r.receivedAt, actor: 'system', kind: 'verification_sent', detail });
        mail(id, messages, r.receivedAt, later?.mailAt);
      }
      const outcome = !existing ? 'created' : keep ? 'amended' : 'refreshed';
      return { outcome, request: copy(rows.get(id)?.request as PrivacyRequest) };
    },
    async byVerificationToken(tokenHash, now) {
      open();
      const row = [...rows.values()].find((r) => r.token?.hash === tokenHash && live(r.token, now));
      return row?.request.status === 'unverified' ? copy(row.request) : undefined;
    },
    async verify(id, { at, dueAt, mail: messages, outbox, expect }) {
      open();
      const row = rows.get(id);
      if (row?.request.status !== 'unverified' || !live(row.token, at)) return undefined;
      if (expect) {
        const { jurisdiction, details, rectification, locale } = row.request;
        const now = { jurisdiction, details, rectification, locale };
        const same = (Object.keys(now) as (keyof typeof now)[]).every((k) => now[k] === expect.content[k]);
        if (row.token?.hash !== expect.tokenHash || !same) return undefined;
      }
      enqueueOutbox(outbox ?? [], at); // throws before any change on a duplicate
      Object.assign(row.request, { status: 'verified', verifiedAt: new Date(at), dueAt: new Date(dueAt) });
      row.token = null;
      event(id, { at, actor: 'requester', kind: 'verified', detail: { dueAt: dueAt.toISOString() } });
      mail(id, messages, at);
      return copy(row.request);
    },
    async byId(id) {
      open();
      return copy(rows.get(id)?.request);
    },
    async byReference(reference) {
      open();
      return copy([...rows.values()].find((r) => r.request.reference === reference)?.request);
    },
    async list({ statuses, limit, offset = 0 }) {
      open();
      const due = (r: PrivacyRequest) => r.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const sorted = byStatus(statuses).sort(
        (a, b) =>
          due(a) - due(b) ||
          a.receivedAt.getTime() - b.receivedAt.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const start = Math.max(0, Math.floor(offset));
      return copy(sorted.slice(start, start + clampRequestPage(limit)));
    },
    async count({ statuses } = {}) {
      open();
      return byStatus(statuses).length;
    },
    async ofEmailHashes(hashes) {
      open();
      return copy(ofHashes(hashes).map((r) => r.request));
    },
    async transition(id, { from, to, at, actor, detail, mail: messages }) {
      open();
      const request = rows.get(id)?.request;
      if (!request || !canTransition(request.status, to)) return undefined;
      if (from && !from.includes(request.status)) return undefined;
      const previous = request.status;
      request.status = to;
      if (CLOSED_STATUSES.includes(to)) request.completedAt = new Date(at);
      const eventDetail = { from: previous, to, ...(detail === undefined ? {} : { detail }) };
      event(id, { at, actor, kind: 'status', detail: eventDetail });
      mail(id, messages, at);
      return copy(request);
    },
    async extend(id, { dueAt, reason, at, actor, mail: messages }) {
      open();
      const request = rows.get(id)?.request;
      if (!request || request.extendedAt !== null || !canTransition(request.status, 'extended')) return undefined;
      const previous = request.status;
      Object.assign(request, { status: 'extended', dueAt: new Date(dueAt), extendedAt: new Date(at) });
      request.extensionReason = reason;
      event(id, { at, actor, kind: 'extended', detail: { from: previous, dueAt: dueAt.toISOString(), reason } });
      mail(id, messages, at);
      return copy(request);
    },
    async setRestricted(id, { restricted, at, actor }) {
      open();
      const request = rows.get(id)?.request;
      if (!request) return undefined;
      request.restricted = restricted;
      event(id, { at, actor, kind: 'restricted', detail: { restricted } });
      return copy(request);
    },
    async addEvent(id, e) {
      open();
      return rows.has(id) ? event(id, e) : undefined;
    },
    async events(id) {
      open();
      return copy(events.filter((e) => e.requestId === id));
    },
    async reportSystem(id, report) {
      open();
      if (!rows.has(id)) return false;
      reports.set(`${id}\n${report.system}`, { ...copy(report), data: copy(report.data ?? null), requestId: id });
      const detail = { status: report.status };
      event(id, { at: report.reportedAt, actor: `system:${report.system}`, kind: 'system_report', detail });
      return true;
    },
    async systemReports(id) {
      open();
      const mine = [...reports.values()].filter((r) => r.requestId === id);
      return copy(mine.sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0)));
    },
    async saveExport(pkg, actor) {
      open();
      if (!rows.has(pkg.requestId)) return false;
      exports.set(pkg.requestId, copy(pkg));
      const detail = { expiresAt: pkg.expiresAt.toISOString() };
      event(pkg.requestId, { at: pkg.createdAt, actor, kind: 'export_ready', detail });
      return true;
    },
    async getExport(id, now) {
      open();
      const pkg = exports.get(id);
      return pkg && pkg.expiresAt.getTime() > now.getTime() ? copy(pkg) : undefined;
    },
    async deleteExpiredExports(now) {
      open();
      const expired = [...exports.values()].filter((p) => p.expiresAt.getTime() <= now.getTime());
      for (const p of expired) exports.delete(p.requestId);
      return expired.length;
    },
    async deleteUnverified(before) {
      open();
      const doomed = [...rows.values()]
        .map((r) => r.request)
        .filter((r) => r.status === 'unverified' && r.receivedAt < before);
      for (const r of doomed) {
        rows.delete(r.id);
        events = events.filter((e) => e.requestId !== r.id);
        for (const [k, rep] of reports) if (rep.requestId === r.id) reports.delete(k);
        exports.delete(r.id);
        dropMail(r.id, 'all');
      }
      return doomed.length;
    },
    async minimiseCompleted(before, at = new Date()) {
      open();
      const closed = [...rows.values()].filter(
        (r) =>
          r.request.minimisedAt === null &&
          CLOSED_STATUSES.includes(r.request.status) &&
          r.request.completedAt !== null &&
          r.request.completedAt < before,
      );
      for (const r of closed) minimise(r, at);
      return closed.length;
    },
    async eraseEmail(hashes, keepRequestId, { at, actor }) {
      open();
      const others = ofHashes(hashes).filter((r) => r.request.id !== keepRequestId);
      for (const r of others) minimise(r, at);
      if (rows.has(keepRequestId)) {
        event(keepRequestId, { at, actor, kind: 'erased', detail: { minimised: others.length } });
      }
      return others.length;
    },
  };
}
