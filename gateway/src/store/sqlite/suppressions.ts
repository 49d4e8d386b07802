import type Database from 'better-sqlite3';
import type { Suppression, SuppressionChange, SuppressionSource, Suppressions, SuppressionWrite } from '../records.ts';
import { clampPageSize, isLinkSource } from '../records.ts';
import { insertOutboxStatement } from './outbox.ts';

type Db = Database.Database;

interface SuppressionRow {
  email_hash: string;
  list: string;
  source: SuppressionSource;
  link_list: string | null;
  created_at: string;
}

interface ChangeRow {
  cursor: number;
  email_hash: string;
  list: string;
  change: 'added' | 'removed';
  source: SuppressionSource;
  at: string;
}

export function sqliteSuppressions(db: Db): Suppressions {
  const insert = db.prepare<[string, string, string, string | null, string]>(
    `INSERT INTO suppressions (email_hash, list, source, link_list, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (email_hash, list) DO NOTHING`,
  );
  // A link's row taken over by another source, so that no link can lift it (see the port).
  const takeOver = db.prepare<[string, string, string]>(
    `UPDATE suppressions SET source = ?, link_list = NULL
     WHERE email_hash = ? AND list = ? AND source IN ('one-click', 'page')`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM suppressions WHERE email_hash = ? AND list = ?');
  const logChange = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO suppression_changes (email_hash, list, change, source, at) VALUES (?, ?, ?, ?, ?)',
  );
  const enqueue = insertOutboxStatement(db);
  // One JSON parameter instead of one `?` per hash, so a long list never meets SQLite's variable cap.
  const ofHashes = db.prepare<[string], SuppressionRow>(
    'SELECT * FROM suppressions WHERE email_hash IN (SELECT value FROM json_each(?))',
  );
  const changes = db.prepare<[number, number], ChangeRow>(
    'SELECT * FROM suppression_changes WHERE cursor > ? ORDER BY cursor LIMIT ?',
  );
  const page = db.prepare<[number, number], SuppressionRow>(
    'SELECT * FROM suppressions ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM suppressions').pluck();

  // One transaction per call: the suppression, its change row and its outbox rows commit together
  // (or not at all), and with synchronous=FULL the commit is on disk when the promise resolves.
  const write = (change: 'added' | 'removed') =>
    db.transaction((items: readonly SuppressionWrite[]) =>
      items.map((item) => {
        const at = item.at.toISOString();
        const linkList = isLinkSource(item.source) ? (item.linkList ?? null) : null;
        const result =
          change === 'added'
            ? insert.run(item.emailHash, item.list, item.source, linkList, at)
            : remove.run(item.emailHash, item.list);
        if (result.changes === 0) {
          if (change === 'added' && !isLinkSource(item.source)) takeOver.run(item.source, item.emailHash, item.list);
          return false;
        }
        logChange.run(item.emailHash, item.list, change, item.source, at);
        for (const m of item.outbox) enqueue(m, item.at);
        return true;
      }),
    );
  const add = write('added');
  const removeAll = write('removed');

  return {
    async add(items) {
      return add(items);
    },
    async remove(items) {
      return removeAll(items);
    },
    async ofHashes(emailHashes) {
      if (emailHashes.length === 0) return [];
      return ofHashes.all(JSON.stringify(emailHashes)).map(toSuppression);
    },
    async changes({ since, limit }) {
      return changes.all(Math.max(0, Math.floor(since)), clampPageSize(limit)).map(toChange);
    },
    async list({ limit, offset = 0 }) {
      return page.all(clampPageSize(limit), Math.max(0, Math.floor(offset))).map(toSuppression);
    },
    async count() {
      return count.get() ?? 0;
    },
  };
}

function toSuppression(row: SuppressionRow): Suppression {
  return {
    emailHash: row.email_hash,
    list: row.list,
    source: row.source,
    linkList: row.link_list,
    createdAt: new Date(row.created_at),
  };
}

function toChange(row: ChangeRow): SuppressionChange {
  return {
    cursor: row.cursor,
    emailHash: row.email_hash,
    list: row.list,
    change: row.change,
    source: row.source,
    at: new Date(row.at),
  };
}
