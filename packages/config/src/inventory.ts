import type { CandorConfig, Retention } from './schema.ts';

/**
 * Every table Candor keeps, what it holds, whether it is personal data, and how long it is kept.
 * The admin's "Data inventory" page renders it with the periods of the running config, the same
 * `retention` settings the privacy policy's table and the gateway's retention job read. A test
 * fails when a migration adds a table that is missing here.
 */

/** `records`: the SQLite RecordStore (candor.sqlite). `events`: the DuckDB EventStore (events.duckdb). */
export type DataStore = 'records' | 'events';

/**
 * `yes`: names or reaches a person (an email, a staff account).
 * `pseudonymous`: a random id or keyed hash that only links to a person with other data.
 * `no`: counts and anonymous events; nothing in it relates to anyone.
 */
export type Personal = 'yes' | 'pseudonymous' | 'no';

/** A period from `config.retention`, or a rule that is not a period (and why). */
export type RetentionRule = { setting: keyof Retention; how: string } | { rule: string };

export interface InventoryEntry {
  store: DataStore;
  tables: readonly string[];
  holds: string;
  personal: Personal;
  retention: RetentionRule;
}

export const DATA_INVENTORY: readonly InventoryEntry[] = [
  {
    store: 'records',
    tables: ['consent_records'],
    holds: 'Cookie choices: a random consent id from the visitor’s cookie, categories, policy revision, page, time.',
    personal: 'pseudonymous',
    retention: { setting: 'consentRecordsDays', how: 'deleted' },
  },
  {
    store: 'records',
    tables: ['consent_notices'],
    holds:
      'Every banner notice served, by hash: categories, services with provider, purpose and cookies, texts, revision, time first served.',
    personal: 'no',
    retention: { setting: 'consentRecordsDays', how: 'deleted once no kept consent record cites it' },
  },
  {
    store: 'records',
    tables: ['suppressions', 'suppression_changes'],
    holds: 'Unsubscribes: a keyed HMAC of the email (never the address), the list, source and time.',
    personal: 'pseudonymous',
    retention: { rule: 'Kept while the opt-out must be honoured, also after an erasure (as the hash only).' },
  },
  {
    store: 'records',
    tables: ['outbox'],
    holds: 'Webhooks to connected systems; the email only until the webhook is delivered.',
    personal: 'yes',
    retention: { setting: 'deliveredWebhooksDays', how: 'delivered webhooks deleted' },
  },
  {
    store: 'records',
    tables: ['privacy_requests', 'privacy_request_events', 'privacy_request_systems'],
    holds: 'Privacy requests: the requester’s email, the request, its timeline and the systems’ answers.',
    personal: 'yes',
    retention: { setting: 'completedRequestsDays', how: 'closed requests minimised to their proof' },
  },
  {
    store: 'records',
    tables: ['privacy_requests'],
    holds: 'Requests never confirmed by email.',
    personal: 'yes',
    retention: { setting: 'unverifiedRequestsDays', how: 'deleted' },
  },
  {
    store: 'records',
    tables: ['privacy_request_exports'],
    holds: 'Access and portability packages (zip) waiting to be downloaded; only a hash of the code.',
    personal: 'yes',
    retention: { setting: 'exportPackageDays', how: 'deleted' },
  },
  {
    store: 'records',
    tables: ['mail_queue'],
    holds: 'Email to requesters and staff: address and text until sent, then only the subject-less log row.',
    personal: 'yes',
    retention: { setting: 'sentMailDays', how: 'sent and undeliverable mail deleted' },
  },
  {
    store: 'records',
    tables: ['users'],
    holds: 'Staff accounts: email, role, password hash (scrypt).',
    personal: 'yes',
    retention: { rule: 'While the person has an account; disabled accounts stay so the audit trail names them.' },
  },
  {
    store: 'records',
    tables: ['sessions'],
    holds: 'Staff sign-in sessions: a SHA-256 of the cookie, the user id, times.',
    personal: 'yes',
    retention: { rule: 'Deleted on sign-out, after the idle timeout or the absolute lifetime.' },
  },
  {
    store: 'records',
    tables: ['login_log'],
    holds: 'Staff sign-ins and sign-outs: user id, time, result. No IP, no attempted email.',
    personal: 'yes',
    retention: { setting: 'loginLogDays', how: 'deleted' },
  },
  {
    store: 'records',
    tables: ['audit_log'],
    holds: 'Who on the staff changed what, and when (user ids; email hashes only as short prefixes).',
    personal: 'yes',
    retention: { setting: 'auditLogDays', how: 'deleted' },
  },
  {
    store: 'records',
    tables: ['api_keys'],
    holds: 'API keys: name, scopes, a hash of the key, who created it.',
    personal: 'no',
    retention: { rule: 'Until deleted by an admin; revoked keys stay for the audit trail.' },
  },
  {
    store: 'records',
    tables: ['goals', 'digest_weeks', 'schema_migrations'],
    holds: 'Report goals, which weekly digests went out, applied schema versions.',
    personal: 'no',
    retention: { rule: 'Kept: settings and bookkeeping.' },
  },
  {
    store: 'events',
    tables: ['events', 'visits', 'visit_pages', 'dropped_events'],
    holds: 'Anonymous analytics: page, source, country, browser family, device class, a random per-visit id.',
    personal: 'no',
    retention: { setting: 'analyticsEventsDays', how: 'deleted, with the visits they make up' },
  },
  {
    store: 'events',
    tables: ['visits_sealed', 'readiness_probe', 'schema_migrations'],
    holds: 'Bookkeeping: how far visits are built, the readiness check (never holds a row), schema versions.',
    personal: 'no',
    retention: { rule: 'Kept: one row each.' },
  },
];

export interface InventoryRow extends InventoryEntry {
  /** "5 years", or the rule. */
  kept: string;
}

/** The inventory with the running config's periods filled in. */
export function inventoryRows(config: Pick<CandorConfig, 'retention'>): InventoryRow[] {
  return DATA_INVENTORY.map((entry) => ({
    ...entry,
    kept:
      'setting' in entry.retention
        ? `${formatDays(config.retention[entry.retention.setting])}, then ${entry.retention.how}`
        : entry.retention.rule,
  }));
}

/** 1825 → "5 years", 365 → "1 year", 30 → "30 days". */
export function formatDays(days: number): string {
  if (days % 365 === 0) return plural(days / 365, 'year');
  return plural(days, 'day');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
