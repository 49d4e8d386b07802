import type Database from 'better-sqlite3';
import type { Goal, GoalKind, Goals } from '../records.ts';

interface GoalRow {
  id: string;
  name: string;
  kind: GoalKind;
  value: string;
  created_at: string;
  created_by: string;
}

export function sqliteGoals(db: Database.Database): Goals {
  const insert = db.prepare<[string, string, string, string, string, string], GoalRow>(
    'INSERT INTO goals (id, name, kind, value, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
  );
  // rowid is insertion order; two goals may share a millisecond.
  const all = db.prepare<[], GoalRow>('SELECT * FROM goals ORDER BY rowid');
  const remove = db.prepare<[string], GoalRow>('DELETE FROM goals WHERE id = ? RETURNING *');
  return {
    async list() {
      return all.all().map(toGoal);
    },
    async create(goal) {
      const row = insert.get(
        crypto.randomUUID(),
        goal.name,
        goal.kind,
        goal.value,
        new Date().toISOString(),
        goal.createdBy,
      );
      if (!row) throw new Error('goals insert returned no row');
      return toGoal(row);
    },
    async delete(id) {
      const row = remove.get(id);
      return row ? toGoal(row) : undefined;
    },
  };
}

function toGoal(row: GoalRow): Goal {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    value: row.value,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
  };
}
