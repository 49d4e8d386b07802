import type Database from 'better-sqlite3';
import type { ArchivedNotice, NoticeArchive } from '../notices.ts';

interface NoticeRow {
  hash: string;
  notice: string | null;
  first_served_at: string;
}

export function sqliteNoticeArchive(db: Database.Database): NoticeArchive {
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO consent_notices (hash, notice, first_served_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING',
  );
  const one = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM consent_notices WHERE hash = ?');
  const some = db.prepare<[string], NoticeRow>(
    'SELECT * FROM consent_notices WHERE hash IN (SELECT value FROM json_each(?))',
  );
  const expire = db.prepare<[string]>(
    `DELETE FROM consent_notices WHERE first_served_at < ?
       AND NOT EXISTS (SELECT 1 FROM consent_records c WHERE c.config_hash = consent_notices.hash)`,
  );
  return {
    async remember(hash, notice, at) {
      insert.run(hash, JSON.stringify(notice), at.toISOString());
    },
    async has(hash) {
      return one.get(hash) !== undefined;
    },
    async get(hashes) {
      const found = new Map<string, ArchivedNotice>();
      for (const row of some.all(JSON.stringify([...new Set(hashes)]))) {
        found.set(row.hash, {
          hash: row.hash,
          notice: row.notice === null ? null : JSON.parse(row.notice),
          firstServedAt: new Date(row.first_served_at),
        });
      }
      return found;
    },
    async deleteUncitedBefore(before) {
      return expire.run(before.toISOString()).changes;
    },
  };
}
