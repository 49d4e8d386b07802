import type { Migration } from '../migrate.ts';

/** EventStore schema, oldest first. Append new entries; never edit one that has shipped. */
export const eventMigrations: Migration[] = [
  {
    id: 1,
    name: 'events',
    // Columns are exactly what DESIGN.md's privacy rules allow: no IP, no UA, no visitor key.
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
];
