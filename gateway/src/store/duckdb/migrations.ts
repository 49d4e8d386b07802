import type { Migration } from '../migrate.ts';

/** Whether a stored path's query holds a `utm_*` parameter (a pathname never holds a raw `?`). */
const hasUtm = (path: string) => `regexp_matches(${path}, '\\?(.*&)?utm_')`;

/**
 * A stored path without its `utm_*` parameters: the others stay in their order, and the `?` goes
 * when none is left. Stored queries are re-encoded (`&` and `=` only as separators), so splitting
 * on `&` finds each parameter.
 */
const stripUtm = (path: string) => `CASE WHEN ${hasUtm(path)} THEN
    substr(${path}, 1, strpos(${path}, '?') - 1) || coalesce('?' || nullif(array_to_string(list_filter(
      string_split(substr(${path}, strpos(${path}, '?') + 1), '&'), lambda q: NOT starts_with(q, 'utm_')), '&'), ''), '')
  ELSE ${path} END`;

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
  {
    id: 4,
    name: 'paths without utm_* parameters',
    // Paths kept their utm_* parameters, which split one page into many rows and made a page
    // goal miss its visits; the UTM fields have columns of their own. Each visit's page lists are
    // rebuilt from its (rewritten) events, as a seal would build them, since two spellings of one
    // page merge; a visit whose events are gone has its own lists merged instead. `visit_pages`
    // is the unnest of `visits`, rebuilt from the first visit that changed.
    sql: `
      CREATE TEMP TABLE utm_visits AS
        SELECT session_id, first FROM visits WHERE len(list_filter(paths, lambda x: ${hasUtm('x')})) > 0;
      UPDATE events SET path = ${stripUtm('path')} WHERE ${hasUtm('path')};
      UPDATE visits SET paths = pg.paths, path_pv = pg.path_pv, path_eng = pg.path_eng
      FROM (
        SELECT session_id, list(path ORDER BY path) AS paths, list(n ORDER BY path) AS path_pv,
          list(pe ORDER BY path) AS path_eng
        FROM (
          SELECT session_id, path, count(*) FILTER (WHERE name = 'pageview')::INTEGER AS n,
            coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0)::BIGINT AS pe
          FROM events
          WHERE session_id IN (SELECT session_id FROM utm_visits) AND name IN ('pageview', 'engagement')
          GROUP BY session_id, path HAVING n > 0
        ) GROUP BY session_id
      ) pg
      WHERE visits.session_id = pg.session_id AND visits.session_id IN (SELECT session_id FROM utm_visits);
      UPDATE visits SET paths = m.paths, path_pv = m.path_pv, path_eng = m.path_eng
      FROM (
        SELECT rid, list(path ORDER BY path) AS paths, list(n ORDER BY path) AS path_pv,
          list(pe ORDER BY path) AS path_eng
        FROM (
          SELECT rid, ${stripUtm('p')} AS path, sum(n)::INTEGER AS n, sum(pe)::BIGINT AS pe
          FROM (
            SELECT rowid AS rid, unnest(paths) AS p, unnest(path_pv) AS n, unnest(path_eng) AS pe
            FROM visits WHERE len(list_filter(paths, lambda x: ${hasUtm('x')})) > 0
          ) GROUP BY rid, path
        ) GROUP BY rid
      ) m
      WHERE visits.rowid = m.rid;
      UPDATE visits SET entry_page = ${stripUtm('entry_page')}, exit_page = ${stripUtm('exit_page')}
      WHERE ${hasUtm('entry_page')} OR ${hasUtm('exit_page')};
      DELETE FROM visit_pages WHERE first >= (SELECT min(first) FROM utm_visits);
      INSERT INTO visit_pages
        SELECT site, first, last, unnest(paths), unnest(path_pv), unnest(path_eng), vd, pv, eng
        FROM visits WHERE first >= (SELECT min(first) FROM utm_visits) ORDER BY first;
      DROP TABLE utm_visits;
    `,
  },
];
