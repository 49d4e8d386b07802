import { addDays, dayNumber, isDay, mondayOf } from './dates.ts';

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** The ISO week (`2026-W47`) that holds a YYYY-MM-DD day. */
export function isoWeekOf(day: string): string {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(mondayOf(day), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week written `YYYY-Www`, or undefined when there is no such week. */
export function mondayOfIsoWeek(week: string): string | undefined {
  const m = ISO_WEEK.exec(week);
  if (!m) return undefined;
  const jan4 = `${m[1]}-01-04`;
  if (!isDay(jan4)) return undefined;
  // 4 January is always in week 1.
  const monday = addDays(mondayOf(jan4), (Number(m[2]) - 1) * 7);
  return Number(m[2]) >= 1 && isoWeekOf(monday) === week ? monday : undefined;
}
