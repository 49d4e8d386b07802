// Synthetic analytics data for the benches: the reports bench measures queries over it, and the
// soak starts from it, as a deployed gateway starts from its history.
import { join } from 'node:path';
import { importBundle, root } from './lib.mjs';

/**
 * Bundles the gateway's store and stats code (TypeScript) into `dir`, so a bench runs exactly what
 * the routes run.
 */
export function bundleGateway(dir) {
  return importBundle(
    `export { openDuckDbEventStore } from './store/duckdb/events.ts';
      export { createDuckDbStats } from './store/duckdb/reports.ts';
      export { parseStatsQuery } from './reports/params.ts';
      export { createReports } from './reports/service.ts';`,
    join(root, 'gateway/src'),
    join(dir, 'stats.mjs'),
  );
}

/**
 * Writes about `events` synthetic events into the `events` table for `site`, the visits entering
 * over `days` days from the UTC midnight `from` (YYYY-MM-DD). ~4.6 events per visit: pageviews
 * (geometric, mean 2.2), one engagement per pageview, and a custom event in 15% of visits. Entry
 * time with a daytime peak; Zipf-like pages;
 * sources, countries and browsers by realistic weights; only the entry pageview carries the
 * source and UTM tags; 80% of visits are the visitor's first of the day. Rows go in time order,
 * as the ingest buffer appends them.
 */
export async function generate(conn, events, { from, days, site }) {
  // Spliced into the SQL below, so only plain values.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !Number.isInteger(days) || !/^[\w-]+$/.test(site)) {
    throw new Error(`generate: bad from ${from}, days ${days} or site ${site}`);
  }
  const sessions = Math.round(events / 4.6);
  const u = (k) => `((hash(i, ${k}) % 1000003) / 1000003.0)`;
  await conn.run(`CREATE TEMP TABLE s AS SELECT i,
      TIMESTAMPTZ '${from} 00:00:00+00' + to_days(CAST(floor(${u(1)} * ${days}) AS INTEGER))
        + to_microseconds(CAST(CASE WHEN ${u(2)} < 0.7 THEN 7 + ${u(3)} * 12 ELSE ${u(3)} * 24 END * 3600e6 AS BIGINT)) AS t0,
      1 + LEAST(29, CAST(floor(ln(1 - ${u(4)}) / ln(0.55)) AS INTEGER)) AS npv,
      lpad(to_hex(hash(i, 'sid')), 16, '0') AS sid,
      ${u(5)} < 0.8 AS fod,
      list_extract(['', '', '', '', '', '', '', '', 'Google', 'Google', 'Google', 'Google', 'Google', 'Google', 'Bing',
        'DuckDuckGo', 'LinkedIn', 'Newsletter', 'X', 'Hacker News'], 1 + CAST(floor(${u(6)} * 20) AS INTEGER)) AS src0,
      ${u(7)} AS usrc,
      list_extract(['DE','DE','DE','DE','DE','DE','US','US','US','US','GB','GB','AT','CH','FR','FR','NL','ES','SE','PL',
        'IT','CA','AU','IN',''], 1 + CAST(floor(${u(8)} * 25) AS INTEGER)) AS country,
      CAST(floor(${u(9)} * 20) AS INTEGER) AS ua,
      ${u(10)} AS uc
    FROM range(${sessions}) t(i)`);
  await conn.run(`CREATE TEMP TABLE uas AS SELECT * FROM (VALUES
      (0,'Chrome','131','Windows','desktop'),(1,'Chrome','131','Windows','desktop'),(2,'Chrome','130','Windows','desktop'),
      (3,'Chrome','131','macOS','desktop'),(4,'Safari','17','macOS','desktop'),(5,'Safari','17','iOS','mobile'),
      (6,'Safari','17','iOS','mobile'),(7,'Safari','18','iOS','mobile'),(8,'Chrome','131','Android','mobile'),
      (9,'Chrome','131','Android','mobile'),(10,'Chrome','130','Android','mobile'),(11,'Firefox','133','Windows','desktop'),
      (12,'Firefox','132','Linux','desktop'),(13,'Edge','131','Windows','desktop'),(14,'Edge','130','Windows','desktop'),
      (15,'Samsung Internet','26','Android','mobile'),(16,'Safari','17','iPadOS','tablet'),(17,'Opera','114','Windows','desktop'),
      (18,'Chrome','131','Linux','desktop'),(19,'Chrome','131','ChromeOS','desktop')
    ) v(ua, browser, browser_version, os, device)`);
  const pick = 'hash(i, k, 21) % 100';
  await conn.run(`INSERT INTO events
    WITH pv AS (
      SELECT s.*, k, uas.browser, uas.browser_version, uas.os, uas.device,
        t0 + to_microseconds(CAST(k * (20 + 100 * ((hash(i, k, 20) % 1000) / 1000.0)) * 1e6 AS BIGINT)) AS t,
        CASE WHEN ${pick} < 25 THEN '/' WHEN ${pick} < 35 THEN '/pricing' WHEN ${pick} < 45 THEN '/features'
             WHEN ${pick} < 50 THEN '/about' WHEN ${pick} < 53 THEN '/privacy'
             ELSE '/blog/post-' || CAST(floor(pow((hash(i, k, 22) % 1000) / 1000.0, 2) * 300) AS INTEGER) END AS p,
        CAST(1000 * exp(((hash(i, k, 23) % 1000) / 1000.0) * 5.3) AS INTEGER) AS eng
      FROM s JOIN uas USING (ua), range(npv) r(k)
    ), all_rows AS (
      SELECT t AS time, 'pageview' AS name, p AS path,
        CASE WHEN k > 0 THEN '' WHEN src0 = '' AND usrc < 0.1 THEN 'ref-' || CAST(floor(usrc * 3000) AS INTEGER) || '.example'
             ELSE src0 END AS source,
        CASE WHEN k = 0 AND src0 NOT IN ('', 'Newsletter') THEN lower(replace(src0, ' ', '')) || '.com' ELSE '' END AS referrer_host,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'newsletter' ELSE '' END AS utm_source,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'email' ELSE '' END AS utm_medium,
        CASE WHEN k = 0 AND src0 = 'Newsletter' THEN 'nov-' || CAST(floor(uc * 4) AS INTEGER) ELSE '' END AS utm_campaign,
        country, browser, browser_version, os, device, sid, fod AND k = 0 AS first_of_day, 0 AS engaged_ms, '{}' AS props
      FROM pv
      UNION ALL
      SELECT t + to_microseconds(eng * 1000), 'engagement', p, '', '', '', '', '', country, browser, browser_version, os,
        device, sid, false, eng, '{}'
      FROM pv
      UNION ALL
      SELECT t + INTERVAL 5 SECOND,
        CASE WHEN uc < 0.06 THEN 'Signup' WHEN uc < 0.11 THEN 'Outbound Link: Click' WHEN uc < 0.14 THEN 'File Download'
             ELSE '404' END,
        p, '', '', '', '', '', country, browser, browser_version, os, device, sid, false, 0,
        CASE WHEN uc < 0.06 THEN '{"plan":"' || list_extract(['free', 'pro', 'team'], 1 + CAST(floor(uc * 50) % 3 AS INTEGER)) || '"}'
             WHEN uc < 0.11 THEN '{"url":"https://github.com/candor/' || CAST(floor(uc * 1000) AS INTEGER) || '"}'
             WHEN uc < 0.14 THEN '{"url":"https://cdn.example/guide-' || CAST(floor(uc * 100) AS INTEGER) || '.pdf"}'
             ELSE '{"path":"/old-' || CAST(floor(uc * 1000) AS INTEGER) || '"}' END
      FROM pv WHERE k = npv - 1 AND uc < 0.15
    )
    SELECT time, '${site}', name, path, source, referrer_host, utm_source, utm_medium, utm_campaign, '', '', country, browser,
      browser_version, os, device, sid, first_of_day, engaged_ms, props
    FROM all_rows ORDER BY time`);
  await conn.run('DROP TABLE s');
  await conn.run('DROP TABLE uas');
  await conn.run('CHECKPOINT');
}
