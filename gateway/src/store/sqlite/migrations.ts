import type { Migration } from '../migrate.ts';

/** RecordStore schema, oldest first. Append new entries; never edit one that has shipped. */
export const recordMigrations: Migration[] = [
  {
    id: 1,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      ) STRICT;
      -- The audit trail is append-only: the database itself refuses edits.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    id: 2,
    name: 'consent records',
    sql: `
      CREATE TABLE consent_records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        consent_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('accept_all', 'reject_all', 'custom', 'withdraw', 'gpc')),
        granted TEXT NOT NULL,
        denied TEXT NOT NULL,
        revision TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        locale TEXT NOT NULL,
        gpc INTEGER NOT NULL CHECK (gpc IN (0, 1)),
        path TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consent_records_by_consent_id ON consent_records (consent_id, seq);
      CREATE INDEX consent_records_by_time ON consent_records (recorded_at);
      CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
        BEGIN SELECT RAISE(ABORT, 'consent_records is append-only'); END;
    `,
  },
];
