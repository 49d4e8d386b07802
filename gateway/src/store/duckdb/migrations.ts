import type { Migration } from '../migrate.ts';

/** EventStore schema, oldest first. Append new entries; never edit one that has shipped. */
export const eventMigrations: Migration[] = [
  {
    id: 1,
    name: 'events',
    // Columns are exactly what the privacy rules allow (docs/architecture.md): no IP, no UA, no visitor key.
    // Low-cardinality strings are plain VARCHAR: DuckDB dictionary-compresses them on disk.
    sql: `
      CREATE TABLE events (
        time TIMESTAMPTZ NOT NULL,
        site VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        referrer_host VARCHAR NOT NULL,
        utm_source VARCHAR NOT NULL,
        utm_medium VARCHAR NOT NULL,
        utm_campaign VARCHAR NOT NULL,
        utm_term VARCHAR NOT NULL,
        utm_content VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        browser VARCHAR NOT NULL,
        browser_version VARCHAR NOT NULL,
        os VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        session_id VARCHAR NOT NULL,
        first_of_day BOOLEAN NOT NULL,
        engaged_ms INTEGER NOT NULL,
        props VARCHAR NOT NULL
      );
      CREATE TABLE readiness_probe (id INTEGER PRIMARY KEY, checked_at TIMESTAMPTZ NOT NULL);
    `,
  },
  {
    id: 2,
    name: 'dropped event counts',
    sql: `
      CREATE TABLE dropped_events (
        day DATE NOT NULL,
        site VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        count BIGINT NOT NULL,
        PRIMARY KEY (day, site, reason)
      );
    `,
  },
  {
    id: 3,
    name: 'visits',
    // One row per finished visit (and one per page it viewed), built from the events by
    // `visits.ts`: the same columns as the events, aggregated, never more (no IP, UA or visitor
    // key). Sessions with no pageview are never a visit and are left out. `sealed_before` is the
    // seal watermark W: every session whose first event is before W is in `visits` (if it had a
    // pageview) and no other is. It starts at 0, so the first seal (at open) builds them all.
    sql: `
      CREATE TABLE visits (
        session_id VARCHAR NOT NULL,
        site VARCHAR NOT NULL,
        first TIMESTAMPTZ NOT NULL,
        last TIMESTAMPTZ NOT NULL,
        start TIMESTAMPTZ NOT NULL,
        entry_page VARCHAR NOT NULL,
        exit_page VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        referrer_host VARCHAR NOT NULL,
        utm_source VARCHAR NOT NULL,
        utm_medium VARCHAR NOT NULL,
        utm_campaign VARCHAR NOT NULL,
        utm_term VARCHAR NOT NULL,
        utm_content VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        browser VARCHAR NOT NULL,
        browser_version VARCHAR NOT NULL,
        os VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        pv INTEGER NOT NULL,
        ev INTEGER NOT NULL,
        eng BIGINT NOT NULL,
        vd INTEGER NOT NULL,
        paths VARCHAR[] NOT NULL,
        path_pv INTEGER[] NOT NULL,
        path_eng BIGINT[] NOT NULL,
        names VARCHAR[] NOT NULL,
        name_n INTEGER[] NOT NULL
      );
      CREATE TABLE visit_pages (
        site VARCHAR NOT NULL,
        first TIMESTAMPTZ NOT NULL,
        last TIMESTAMPTZ NOT NULL,
        path VARCHAR NOT NULL,
        n INTEGER NOT NULL,
        pe BIGINT NOT NULL,
        vd INTEGER NOT NULL,
        pv INTEGER NOT NULL,
        eng BIGINT NOT NULL
      );
      CREATE TABLE visits_sealed (id INTEGER PRIMARY KEY, before_us BIGINT NOT NULL, cutoff_us BIGINT NOT NULL);
      INSERT INTO visits_sealed VALUES (1, 0, 0);
    `,
  },
];
