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
  {
    id: 3,
    name: 'staff accounts, sessions, api keys, login log',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'privacy')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT,
        digest_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (digest_opt_in IN (0, 1))
      ) STRICT;
      -- Only the SHA-256 of a session cookie is kept; a stolen file holds no usable session.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      ) STRICT;
      -- No email, IP address or user agent: the user id when the email was known, else nothing.
      CREATE TABLE login_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id TEXT,
        event TEXT NOT NULL CHECK (event IN ('login', 'logout')),
        success INTEGER NOT NULL CHECK (success IN (0, 1)),
        reason TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER login_log_no_update BEFORE UPDATE ON login_log
        BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
    `,
  },
  {
    id: 4,
    name: 'report goals',
    sql: `
      CREATE TABLE goals (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('page', 'event')),
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 5,
    name: 'weekly digest weeks sent',
    sql: `
      CREATE TABLE digest_weeks (
        site TEXT PRIMARY KEY,
        week TEXT NOT NULL,
        sent_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 6,
    name: 'suppressions, their change feed, webhook outbox',
    sql: `
      -- Only the keyed HMAC of the normalised email; '*' as list means every list.
      CREATE TABLE suppressions (
        email_hash TEXT NOT NULL,
        list TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('one-click', 'page', 'api', 'admin', 'privacy-request')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (email_hash, list)
      ) STRICT;
      CREATE INDEX suppressions_by_time ON suppressions (created_at);
      -- The feed email services sync from (GET /api/suppressions?since=cursor); append-only.
      CREATE TABLE suppression_changes (
        cursor INTEGER PRIMARY KEY AUTOINCREMENT,
        email_hash TEXT NOT NULL,
        list TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('added', 'removed')),
        source TEXT NOT NULL CHECK (source IN ('one-click', 'page', 'api', 'admin', 'privacy-request')),
        at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER suppression_changes_no_update BEFORE UPDATE ON suppression_changes
        BEGIN SELECT RAISE(ABORT, 'suppression_changes is append-only'); END;
      CREATE TRIGGER suppression_changes_no_delete BEFORE DELETE ON suppression_changes
        BEGIN SELECT RAISE(ABORT, 'suppression_changes is append-only'); END;
      -- Webhooks to deliver, written in the transaction of the change they announce. The plaintext
      -- email is set to NULL on delivery; type has no CHECK so a new event needs no migration.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        target TEXT NOT NULL,
        email TEXT,
        list TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('one-click', 'page', 'api', 'admin', 'privacy-request')),
        occurred_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_error TEXT,
        delivered_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (event_id, target),
        CHECK (status <> 'delivered' OR (email IS NULL AND delivered_at IS NOT NULL))
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    `,
  },
  {
    id: 7,
    name: 'privacy requests, their timeline, reports, exports; mail queue; outbox data',
    sql: `
      -- The verification token is kept only as a hash, and only while the request is unverified:
      -- verify() sets it to NULL, which makes the link single-use. Minimisation sets the personal
      -- columns (email, email_hash, details, rectification) to NULL and keeps the rest as proof.
      CREATE TABLE privacy_requests (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('access', 'rectify', 'erase', 'restrict', 'port', 'object')),
        status TEXT NOT NULL CHECK (status IN
          ('unverified', 'verified', 'in_progress', 'awaiting_systems', 'extended', 'completed', 'rejected')),
        jurisdiction TEXT NOT NULL CHECK (jurisdiction IN ('gdpr', 'ccpa')),
        email TEXT,
        email_hash TEXT,
        details TEXT,
        rectification TEXT,
        locale TEXT NOT NULL,
        received_at TEXT NOT NULL,
        verified_at TEXT,
        due_at TEXT,
        extended_at TEXT,
        extension_reason TEXT,
        completed_at TEXT,
        restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
        minimised_at TEXT,
        verification_hash TEXT UNIQUE,
        verification_expires_at TEXT,
        CHECK ((verification_hash IS NULL) = (verification_expires_at IS NULL)),
        CHECK (status = 'unverified' OR verification_hash IS NULL),
        CHECK (minimised_at IS NOT NULL OR (email IS NOT NULL AND email_hash IS NOT NULL)),
        CHECK (minimised_at IS NULL OR
          (email IS NULL AND email_hash IS NULL AND details IS NULL AND rectification IS NULL))
      ) STRICT;
      -- The officer's list: most urgent first (due_at NULLs last), per status.
      CREATE INDEX privacy_requests_urgency ON privacy_requests (due_at IS NULL, due_at, received_at);
      CREATE INDEX privacy_requests_by_status ON privacy_requests (status, received_at);
      CREATE INDEX privacy_requests_by_email ON privacy_requests (email_hash, type, status);
      CREATE INDEX privacy_requests_closed ON privacy_requests (completed_at) WHERE minimised_at IS NULL;
      -- A verified request is proof that a right was answered: it is minimised, never deleted.
      CREATE TRIGGER privacy_requests_no_delete BEFORE DELETE ON privacy_requests
        WHEN OLD.status <> 'unverified'
        BEGIN SELECT RAISE(ABORT, 'privacy_requests: only unverified requests are deleted'); END;
      -- The timeline is append-only, with two exceptions the database checks itself:
      -- minimisation may set detail to NULL (nothing else), and the events of a request may be
      -- deleted only with an unverified request (the retention purge; verified ones are kept as proof).
      CREATE TABLE privacy_request_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT CHECK (detail IS NULL OR json_valid(detail))
      ) STRICT;
      CREATE INDEX privacy_request_events_by_request ON privacy_request_events (request_id, id);
      CREATE TRIGGER privacy_request_events_no_update BEFORE UPDATE ON privacy_request_events
        WHEN NOT (NEW.detail IS NULL AND NEW.id = OLD.id AND NEW.request_id = OLD.request_id
          AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.kind = OLD.kind)
        BEGIN SELECT RAISE(ABORT, 'privacy_request_events is append-only (detail may only be cleared)'); END;
      CREATE TRIGGER privacy_request_events_no_delete BEFORE DELETE ON privacy_request_events
        WHEN EXISTS (SELECT 1 FROM privacy_requests WHERE id = OLD.request_id AND status <> 'unverified')
        BEGIN SELECT RAISE(ABORT, 'privacy_request_events is append-only'); END;
      CREATE TABLE privacy_request_systems (
        request_id TEXT NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
        system TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'not_found', 'failed')),
        data TEXT CHECK (data IS NULL OR json_valid(data)),
        reported_at TEXT NOT NULL,
        PRIMARY KEY (request_id, system)
      ) STRICT;
      -- Only the hash of the download code.
      CREATE TABLE privacy_request_exports (
        request_id TEXT PRIMARY KEY REFERENCES privacy_requests (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX privacy_request_exports_by_expiry ON privacy_request_exports (expires_at);
      -- Outgoing email, durable until a transport takes it; address and body are NULL once sent.
      CREATE TABLE mail_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT REFERENCES privacy_requests (id) ON DELETE CASCADE,
        to_address TEXT,
        subject TEXT,
        text_body TEXT,
        html_body TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_error TEXT,
        sent_at TEXT,
        created_at TEXT NOT NULL,
        CHECK ((status = 'sent') = (to_address IS NULL)),
        CHECK (status <> 'sent' OR (subject IS NULL AND text_body IS NULL AND html_body IS NULL AND sent_at IS NOT NULL)),
        CHECK (status = 'sent' OR (subject IS NOT NULL AND text_body IS NOT NULL AND html_body IS NOT NULL))
      ) STRICT;
      CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);
      CREATE INDEX mail_queue_by_request ON mail_queue (request_id);
      -- A webhook that is not about a suppression carries its payload here (a JSON object).
      ALTER TABLE outbox ADD COLUMN data TEXT CHECK (data IS NULL OR json_valid(data));
    `,
  },
  {
    id: 8,
    name: 'suppressions: the list of the link that made a row',
    sql: `
      -- What an unsubscribe link may lift again (see unsubscribe/lift.ts). Only a link's rows have
      -- one; rows from before stay NULL and count as made by a link for their own list.
      ALTER TABLE suppressions ADD COLUMN link_list TEXT CHECK (link_list IS NULL OR source IN ('one-click', 'page'));
    `,
  },
  {
    id: 9,
    name: 'consent notices: every banner notice served, by hash',
    sql: `
      -- The consent proof's other half: what the banner showed. Append-only; retention deletes a
      -- notice only once no consent record cites it.
      CREATE TABLE consent_notices (
        hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
        notice TEXT CHECK (notice IS NULL OR json_valid(notice)),
        first_served_at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER consent_notices_no_update BEFORE UPDATE ON consent_notices
        BEGIN SELECT RAISE(ABORT, 'consent_notices is append-only'); END;
      -- Records made before the archive keep citing valid hashes; what those banners showed is unknown.
      INSERT INTO consent_notices (hash, notice, first_served_at)
        SELECT config_hash, NULL, min(recorded_at) FROM consent_records
        WHERE length(config_hash) = 64 GROUP BY config_hash;
      CREATE INDEX consent_records_by_config_hash ON consent_records (config_hash);
    `,
  },
];
