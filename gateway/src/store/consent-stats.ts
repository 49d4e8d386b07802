// Shared by the consent-stats adapters, so SQLite and the memory twin cut days identically.
import { addDays, daysBetween, instantOf } from '../reports/dates.ts';
import {
  CONSENT_ACTIONS,
  type ConsentAction,
  type ConsentStats,
  type ConsentStatsRange,
  OPTIONAL_CATEGORIES,
  type OptionalCategory,
} from './records.ts';

/** One local calendar day as the UTC instants [start, end). */
export interface DayBounds {
  day: string;
  start: Date;
  end: Date;
}

/** Every day of the range with its bounds; a DST day is 23 or 25 hours long. */
export function consentDays({ from, to, tz }: ConsentStatsRange): DayBounds[] {
  const days: DayBounds[] = [];
  const count = daysBetween(from, to);
  for (let i = 0; i < count; i++) {
    const day = addDays(from, i);
    days.push({ day, start: instantOf(day, 0, tz), end: instantOf(addDays(day, 1), 0, tz) });
  }
  return days;
}

export const zeroActions = (): Record<ConsentAction, number> =>
  Object.fromEntries(CONSENT_ACTIONS.map((a) => [a, 0])) as Record<ConsentAction, number>;

const zeroCategories = (): Record<OptionalCategory, number> =>
  Object.fromEntries(OPTIONAL_CATEGORIES.map((c) => [c, 0])) as Record<OptionalCategory, number>;

/** Folds per-day action counts and per-category grant counts into the port's shape. */
export function foldConsentStats(
  days: readonly DayBounds[],
  actionRows: readonly { day: string; action: ConsentAction; n: number }[],
  categoryRows: readonly { category: string; n: number }[],
): ConsentStats {
  const byDay = days.map((d) => ({ day: d.day, counts: zeroActions() }));
  const index = new Map(byDay.map((d) => [d.day, d]));
  const byAction = zeroActions();
  let total = 0;
  for (const row of actionRows) {
    const day = index.get(row.day);
    if (!day) continue;
    day.counts[row.action] += row.n;
    byAction[row.action] += row.n;
    total += row.n;
  }
  const categoryGranted = zeroCategories();
  for (const row of categoryRows) {
    if ((OPTIONAL_CATEGORIES as readonly string[]).includes(row.category)) {
      categoryGranted[row.category as OptionalCategory] += row.n;
    }
  }
  return { total, byAction, categoryGranted, byDay };
}
