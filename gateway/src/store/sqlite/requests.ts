import type Database from 'better-sqlite3';
import type {
  ExportPackage,
  NewRequestEvent,
  RequestContent,
  RequestEvent,
  RequestMail,
  RequestStatus,
  Requests,
  SubmitInput,
} from '../records.ts';
import { CLOSED_STATUSES, canTransition, clampRequestPage } from '../records.ts';
import { insertMailStatement } from './mail-queue.ts';
import { insertOutboxStatement } from './outbox.ts';
import {
  type EventRow,
  type ExportRow,
  maybe,
  type ReportRow,
  type RequestRow,
  toEvent,
  toExport,
  toJson,
  toReport,
  toRequest,
} from './request-rows.ts';

type Db = Database.Database;

// Every statement's SQL in one place keeps the adapter body about behaviour.
const SQL = {
  insert: `INSERT INTO privacy_requests (id, reference, type, status, jurisdiction, email, email_hash, details,
      rectification, locale, received_at, verification_hash, verification_expires_at)
    VALUES (?, ?, ?, 'unverified', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  pending: `SELECT * FROM privacy_requests WHERE email_hash = ? AND type = ? AND status = 'unverified'
    AND verification_expires_at > ? ORDER BY received_at DESC LIMIT 1`,
  refresh: 'UPDATE privacy_requests SET verification_hash = ?, verification_expires_at = ? WHERE id = ?',
  amend: 'UPDATE privacy_requests SET jurisdiction = ?, details = ?, rectification = ?, locale = ? WHERE id = ?',
  // Every new token but the first comes with its mail, so one such event means the current link went out.
  linkMailed: `SELECT EXISTS (SELECT 1 FROM privacy_request_events WHERE request_id = ? AND kind = 'verification_sent')`,
  // A mail still waiting for a token that was just replaced would only bring a dead link.
  dropPendingMail: `DELETE FROM mail_queue WHERE request_id = ? AND status = 'pending'`,
  byToken: `SELECT * FROM privacy_requests WHERE verification_hash = ? AND status = 'unverified'
    AND verification_expires_at > ?`,
  verify: `UPDATE privacy_requests SET status = 'verified', verified_at = ?, due_at = ?, verification_hash = NULL,
      verification_expires_at = NULL
    WHERE id = ? AND status = 'unverified' AND verification_expires_at > ? RETURNING *`,
  verifyExact: `UPDATE privacy_requests SET status = 'verified', verified_at = ?, due_at = ?, verification_hash = NULL,
      verification_expires_at = NULL
    WHERE id = ? AND status = 'unverified' AND verification_expires_at > ? AND verification_hash = ?
      AND jurisdiction = ? AND details IS ? AND rectification IS ? AND locale = ? RETURNING *`,
  byId: 'SELECT * FROM privacy_requests WHERE id = ?',
  byReference: 'SELECT * FROM privacy_requests WHERE reference = ?',
  // A null @statuses means every status; otherwise it is a JSON array of statuses.
  list: `SELECT * FROM privacy_requests WHERE @statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses))
    ORDER BY due_at IS NULL, due_at, received_at, id LIMIT @limit OFFSET @offset`,
  count: `SELECT count(*) FROM privacy_requests
    WHERE @statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses))`,
  ofHashes: `SELECT * FROM privacy_requests WHERE email_hash IN (SELECT value FROM json_each(?))
    ORDER BY received_at, id`,
  setStatus: `UPDATE privacy_requests SET status = ?, completed_at = ? WHERE id = ? AND status = ? RETURNING *`,
  extend: `UPDATE privacy_requests SET status = 'extended', due_at = ?, extended_at = ?, extension_reason = ?
    WHERE id = ? AND status = ? AND extended_at IS NULL RETURNING *`,
  restrict: 'UPDATE privacy_requests SET restricted = ? WHERE id = ? RETURNING *',
  event: 'INSERT INTO privacy_request_events (request_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?) RETURNING *',
  events: 'SELECT * FROM privacy_request_events WHERE request_id = ? ORDER BY id',
  report: `INSERT INTO privacy_request_systems (request_id, system, status, data, reported_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (request_id, system) DO UPDATE
    SET status = excluded.status, data = excluded.data, reported_at = excluded.reported_at`,
  reports: 'SELECT * FROM privacy_request_systems WHERE request_id = ? ORDER BY system',
  saveExport: `INSERT INTO privacy_request_exports (request_id, code_hash, bytes, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET code_hash = excluded.code_hash,
    bytes = excluded.bytes, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  getExport: 'SELECT * FROM privacy_request_exports WHERE request_id = ? AND expires_at > ?',
  expireExports: 'DELETE FROM privacy_request_exports WHERE expires_at <= ?',
  // Cascades to the request's events (the trigger allows it for unverified ones), reports, export and mail.
  deleteUnverified: `DELETE FROM privacy_requests WHERE status = 'unverified' AND received_at < ?`,
  closedBefore: `SELECT id FROM privacy_requests WHERE minimised_at IS NULL AND completed_at < ?
    AND status IN ('completed', 'rejected')`,
  minimise: [
    `UPDATE privacy_requests SET email = NULL, email_hash = NULL, details = NULL, rectification = NULL,
      verification_hash = NULL, verification_expires_at = NULL, minimised_at = @at WHERE id = @id`,
    'UPDATE privacy_request_events SET detail = NULL WHERE request_id = @id AND detail IS NOT NULL',
    'UPDATE privacy_request_systems SET data = NULL WHERE request_id = @id',
    'DELETE FROM privacy_request_exports WHERE request_id = @id',
    `DELETE FROM mail_queue WHERE request_id = @id AND status <> 'sent'`,
  ],
} as const;

export function sqliteRequests(db: Db): Requests {
  const s = Object.fromEntries(
    Object.entries(SQL)
      .filter(([, sql]) => typeof sql === 'string')
      .map(([name, sql]) => [name, db.prepare(sql as string)]),
  ) as Record<Exclude<keyof typeof SQL, 'minimise'>, Database.Statement>;
  const minimiseSteps = SQL.minimise.map((sql) => db.prepare(sql));
  const enqueueMail = insertMailStatement(db);
  const enqueueOutbox = insertOutboxStatement(db);

  const get = (id: string) => s.byId.get(id) as RequestRow | undefined;
  const event = (id: string, e: NewRequestEvent): RequestEvent =>
    toEvent(s.event.get(id, e.at.toISOString(), e.actor, e.kind, toJson(e.detail)) as EventRow);
  const mail = (id: string, messages: readonly RequestMail[] = [], at: Date, dueAt?: Date) => {
    for (const m of messages) {
      const mailId = enqueueMail({ ...m, requestId: id }, at, dueAt);
      event(id, { at, actor: 'system', kind: 'email', detail: { mailId, subject: m.subject } });
    }
  };
  const minimise = (id: string, at: Date) => {
    for (const step of minimiseSteps) step.run({ id, at: at.toISOString() });
  };
  const statusJson = (statuses?: readonly RequestStatus[]) => (statuses ? JSON.stringify(statuses) : null);

  const submit = db.transaction(({ request: r, verification: v, mail: messages, later }: SubmitInput) => {
    const at = r.receivedAt;
    const existing = s.pending.get(r.emailHash, r.type, at.toISOString()) as RequestRow | undefined;
    // While no new link may go out now, a pending request keeps the one it was mailed (or, with no
    // slot for a mail, the one it has).
    const keep =
      existing !== undefined &&
      later !== undefined &&
      (later.mailAt === undefined || s.linkMailed.pluck().get(existing.id) === 1);
    const received = {
      type: r.type,
      jurisdiction: r.jurisdiction,
      ...(existing ? { resubmitted: true } : {}),
      ...(later ? { limit: later.reason } : {}),
    };
    if (existing) s.amend.run(...contentArgs(r), existing.id);
    else {
      s.insert.run(
        r.id,
        r.reference,
        r.type,
        r.jurisdiction,
        r.email,
        r.emailHash,
        r.details,
        r.rectification,
        r.locale,
        at.toISOString(),
        v.tokenHash,
        v.expiresAt.toISOString(),
      );
    }
    const id = existing?.id ?? r.id;
    event(id, { at, actor: 'requester', kind: 'received', detail: received });
    if (existing && !keep) {
      s.refresh.run(v.tokenHash, v.expiresAt.toISOString(), id);
      s.dropPendingMail.run(id);
    }
    if (!keep && (later === undefined || later.mailAt !== undefined)) {
      const detail = {
        expiresAt: v.expiresAt.toISOString(),
        ...(later?.mailAt ? { mailAt: later.mailAt.toISOString() } : {}),
      };
      event(id, { at, actor: 'system', kind: 'verification_sent', detail });
      mail(id, messages, at, later?.mailAt);
    }
    const outcome = !existing ? 'created' : keep ? 'amended' : 'refreshed';
    return { outcome, request: toRequest(get(id)) } as const;
  });

  const verify = db.transaction((id: string, input: Parameters<Requests['verify']>[1]) => {
    const iso = input.at.toISOString();
    const due = input.dueAt.toISOString();
    const x = input.expect;
    const row = (
      x ? s.verifyExact.get(iso, due, id, iso, x.tokenHash, ...contentArgs(x.content)) : s.verify.get(iso, due, id, iso)
    ) as RequestRow | undefined;
    if (!row) return undefined;
    event(id, { at: input.at, actor: 'requester', kind: 'verified', detail: { dueAt: due } });
    for (const m of input.outbox ?? []) enqueueOutbox(m, input.at);
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const transition = db.transaction((id: string, input: Parameters<Requests['transition']>[1]) => {
    const current = get(id);
    if (!current || !canTransition(current.status, input.to)) return undefined;
    if (input.from && !input.from.includes(current.status)) return undefined;
    const completedAt = CLOSED_STATUSES.includes(input.to) ? input.at.toISOString() : current.completed_at;
    const row = s.setStatus.get(input.to, completedAt, id, current.status) as RequestRow;
    const detail = {
      from: current.status,
      to: input.to,
      ...(input.detail === undefined ? {} : { detail: input.detail }),
    };
    event(id, { at: input.at, actor: input.actor, kind: 'status', detail });
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const extend = db.transaction((id: string, input: Parameters<Requests['extend']>[1]) => {
    const current = get(id);
    if (!current || !canTransition(current.status, 'extended')) return undefined;
    const args = [input.dueAt.toISOString(), input.at.toISOString(), input.reason, id, current.status];
    const row = s.extend.get(...args) as RequestRow | undefined;
    if (!row) return undefined;
    const detail = { from: current.status, dueAt: input.dueAt.toISOString(), reason: input.reason };
    event(id, { at: input.at, actor: input.actor, kind: 'extended', detail });
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const setRestricted = db.transaction((id: string, input: Parameters<Requests['setRestricted']>[1]) => {
    const row = s.restrict.get(input.restricted ? 1 : 0, id) as RequestRow | undefined;
    if (!row) return undefined;
    event(id, { at: input.at, actor: input.actor, kind: 'restricted', detail: { restricted: input.restricted } });
    return toRequest(row);
  });

  const addEvent = db.transaction((id: string, e: NewRequestEvent) => (get(id) ? event(id, e) : undefined));

  const reportSystem = db.transaction((id: string, r: Parameters<Requests['reportSystem']>[1]) => {
    if (!get(id)) return false;
    s.report.run(id, r.system, r.status, toJson(r.data), r.reportedAt.toISOString());
    event(id, { at: r.reportedAt, actor: `system:${r.system}`, kind: 'system_report', detail: { status: r.status } });
    return true;
  });

  const saveExport = db.transaction((p: ExportPackage, actor: string) => {
    if (!get(p.requestId)) return false;
    s.saveExport.run(
      p.requestId,
      p.codeHash,
      Buffer.from(p.bytes),
      p.createdAt.toISOString(),
      p.expiresAt.toISOString(),
    );
    event(p.requestId, {
      at: p.createdAt,
      actor,
      kind: 'export_ready',
      detail: { expiresAt: p.expiresAt.toISOString() },
    });
    return true;
  });

  const minimiseCompleted = db.transaction((before: Date, at: Date) => {
    const ids = s.closedBefore.pluck().all(before.toISOString()) as string[];
    for (const id of ids) minimise(id, at);
    return ids.length;
  });

  const eraseEmail = db.transaction((hashes: readonly string[], keep: string, input: { at: Date; actor: string }) => {
    const others = (s.ofHashes.all(JSON.stringify(hashes)) as RequestRow[]).filter((r) => r.id !== keep);
    for (const r of others) minimise(r.id, input.at);
    if (get(keep))
      event(keep, { at: input.at, actor: input.actor, kind: 'erased', detail: { minimised: others.length } });
    return others.length;
  });

  return {
    submit: async (input) => submit(input),
    byVerificationToken: async (tokenHash, now) => maybe(s.byToken.get(tokenHash, now.toISOString())),
    verify: async (id, input) => verify(id, input),
    byId: async (id) => maybe(get(id)),
    byReference: async (reference) => maybe(s.byReference.get(reference)),
    list: async ({ statuses, limit, offset = 0 }) => {
      const params = {
        statuses: statusJson(statuses),
        limit: clampRequestPage(limit),
        offset: Math.max(0, Math.floor(offset)),
      };
      return (s.list.all(params) as RequestRow[]).map(toRequest);
    },
    count: async ({ statuses } = {}) => Number(s.count.pluck().get({ statuses: statusJson(statuses) }) ?? 0),
    ofEmailHashes: async (hashes) =>
      hashes.length === 0 ? [] : (s.ofHashes.all(JSON.stringify(hashes)) as RequestRow[]).map(toRequest),
    transition: async (id, input) => transition(id, input),
    extend: async (id, input) => extend(id, input),
    setRestricted: async (id, input) => setRestricted(id, input),
    addEvent: async (id, e) => addEvent(id, e),
    events: async (id) => (s.events.all(id) as EventRow[]).map(toEvent),
    reportSystem: async (id, report) => reportSystem(id, report),
    systemReports: async (id) => (s.reports.all(id) as ReportRow[]).map(toReport),
    saveExport: async (pkg, actor) => saveExport(pkg, actor),
    getExport: async (id, now) => {
      const row = s.getExport.get(id, now.toISOString()) as ExportRow | undefined;
      return row && toExport(row);
    },
    deleteExpiredExports: async (now) => s.expireExports.run(now.toISOString()).changes,
    deleteUnverified: async (before) => s.deleteUnverified.run(before.toISOString()).changes,
    minimiseCompleted: async (before, at = new Date()) => minimiseCompleted(before, at),
    eraseEmail: async (hashes, keep, input) => eraseEmail(hashes, keep, input),
  };
}

/** The content columns in the order of `amend` and `verifyExact`. */
function contentArgs(c: RequestContent): [string, string | null, string | null, string] {
  return [c.jurisdiction, c.details, c.rectification, c.locale];
}
