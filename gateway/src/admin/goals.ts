import { hasControl } from '../reports/filters.ts';
import { GOAL_KINDS, type Goal, type GoalKind, type RecordStore } from '../store/records.ts';

export const GOAL_NAME_MAX = 80;
/** The stats `goal` parameter takes `event:` and 1–120 characters, or `page:/` and up to 1,023 more. */
const VALUE_MAX: Record<GoalKind, number> = { event: 120, page: 1024 };

/** Refused goal input; the message is shown to the user above the form. */
export class GoalError extends Error {
  override name = 'GoalError';
}

export interface GoalInput {
  name: string;
  kind: string;
  value: string;
}

/** The goal as the reports take it: the `goal` parameter of `/api/stats`. */
export function goalParam(goal: Pick<Goal, 'kind' | 'value'>): string {
  return `${goal.kind}:${goal.value}`;
}

/** Checks the form, or throws a GoalError naming the field. Nothing is trimmed but the name. */
export function parseGoalInput(input: GoalInput): Pick<Goal, 'name' | 'kind' | 'value'> {
  const name = input.name.trim();
  if (name === '') throw new GoalError('Name: give the goal a name, such as "Viewed pricing".');
  if (name.length > GOAL_NAME_MAX || hasControl(name)) {
    throw new GoalError(`Name: at most ${GOAL_NAME_MAX} characters, on one line.`);
  }
  if (!(GOAL_KINDS as readonly string[]).includes(input.kind)) {
    throw new GoalError('Kind: choose "page viewed" or "custom event".');
  }
  const kind = input.kind as GoalKind;
  const value = input.value;
  if (kind === 'page' && !/^\/[^\s?#]*$/.test(value)) {
    throw new GoalError('Path: a page path starts with / and has no spaces, query or fragment, such as /pricing.');
  }
  if (kind === 'event' && (value.trim() === '' || value !== value.trim())) {
    throw new GoalError('Event: give the custom event name exactly as the tracker sends it, such as Signup.');
  }
  if (value.length > VALUE_MAX[kind] || hasControl(value)) {
    throw new GoalError(`${kind === 'page' ? 'Path' : 'Event'}: at most ${VALUE_MAX[kind]} characters, on one line.`);
  }
  return { name, kind, value };
}

type Deps = { records: RecordStore };

/** Stores a goal and audits it as `user:<actorId>`, the house form of a staff actor. */
export async function createGoal({ records }: Deps, input: GoalInput, actorId: string): Promise<Goal> {
  const goal = parseGoalInput(input);
  const existing = await records.goals.list();
  if (existing.some((g) => g.kind === goal.kind && g.value === goal.value)) {
    throw new GoalError(`There is already a goal for ${goalParam(goal)}.`);
  }
  const created = await records.goals.create({ ...goal, createdBy: actorId });
  await records.audit.append({
    actor: `user:${actorId}`,
    action: 'goal.created',
    target: `goal:${created.id}`,
    after: { name: created.name, kind: created.kind, value: created.value },
  });
  return created;
}

/** Removes a goal and audits it; false when there was none with that id. */
export async function deleteGoal({ records }: Deps, id: string, actorId: string): Promise<boolean> {
  const removed = await records.goals.delete(id);
  if (!removed) return false;
  await records.audit.append({
    actor: `user:${actorId}`,
    action: 'goal.deleted',
    target: `goal:${removed.id}`,
    before: { name: removed.name, kind: removed.kind, value: removed.value },
  });
  return true;
}
