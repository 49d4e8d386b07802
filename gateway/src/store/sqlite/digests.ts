import type Database from 'better-sqlite3';
import type { DigestLog } from '../records.ts';

export function sqliteDigestLog(db: Database.Database): DigestLog {
  const get = db.prepare<[string], string>('SELECT week FROM digest_weeks WHERE site = ?').pluck();
  // `YYYY-Www` sorts as text, so the newest week wins whatever order the writes come in.
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO digest_weeks (site, week, sent_at) VALUES (?, ?, ?)
     ON CONFLICT (site) DO UPDATE SET week = excluded.week, sent_at = excluded.sent_at
     WHERE excluded.week > digest_weeks.week`,
  );
  return {
    async lastSentWeek(site) {
      return get.get(site);
    },
    async markSent(site, week, at) {
      upsert.run(site, week, at.toISOString());
    },
  };
}
