// Legal answer deadlines for privacy requests. Pure calendar arithmetic in the company's time zone.
import { addDays, dayIn, dayNumber, instantOf } from '../reports/dates.ts';
import type { Jurisdiction } from '../store/records.ts';

/** CCPA (Cal. Civ. Code § 1798.130(a)(2)): 45 calendar days, extendable once by 45 more. */
const CCPA_DAYS = 45;

/**
 * The day `n` months after `day` (YYYY-MM-DD), on the same day of the month, or the month's last
 * day when it has no such day: 2027-01-31 + 1 → 2027-02-28, 2028-01-31 + 1 → 2028-02-29.
 * This is how Regulation 1182/71 Art. 3(2)(c) counts a period in months, which the EDPB applies
 * to GDPR Art. 12(3).
 */
export function addCalendarMonths(day: string, n: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + n;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The last millisecond of a local calendar day: the deadline runs to the end of its day. */
function endOfDay(day: string, tz: string): Date {
  return new Date(instantOf(addDays(day, 1), 0, tz).getTime() - 1);
}

/** The local calendar day on which a request received at `receivedAt` must be answered. */
export function dueDay(receivedAt: Date, jurisdiction: Jurisdiction, tz: string): string {
  const received = dayIn(receivedAt.getTime(), tz);
  return jurisdiction === 'gdpr' ? addCalendarMonths(received, 1) : addDays(received, CCPA_DAYS);
}

/**
 * When the answer is due: the end of the due day in `tz`. GDPR: one calendar month from receipt
 * (Art. 12(3)), the same day of the month, clamped to the month's end; CCPA: 45 calendar days.
 * Public holidays and weekends do not move it (1182/71 Art. 3(4) would; we err early).
 */
export function dueDate(receivedAt: Date, jurisdiction: Jurisdiction, tz: string): Date {
  return endOfDay(dueDay(receivedAt, jurisdiction, tz), tz);
}

/**
 * The deadline after the one allowed extension, counted from the original due date: GDPR two
 * further months (Art. 12(3)), CCPA 45 further days. `tz` is the zone the original was computed in.
 */
export function extendedDueDate(originalDue: Date, jurisdiction: Jurisdiction, tz: string): Date {
  const original = dayIn(originalDue.getTime(), tz);
  const day = jurisdiction === 'gdpr' ? addCalendarMonths(original, 2) : addDays(original, CCPA_DAYS);
  return endOfDay(day, tz);
}

/** Whole calendar days in `tz` from today to the due day: 0 on the due day, negative once overdue. */
export function daysLeft(due: Date, now: Date, tz: string): number {
  return dayNumber(dayIn(due.getTime(), tz)) - dayNumber(dayIn(now.getTime(), tz));
}

export type ReminderStage = '7d' | '2d' | 'overdue';

/** Which reminder the privacy officer is due: a week ahead, two days ahead, or overdue; else none. */
export function reminderStage(due: Date, now: Date, tz: string): ReminderStage | undefined {
  if (now.getTime() > due.getTime()) return 'overdue';
  const left = daysLeft(due, now, tz);
  if (left <= 2) return '2d';
  if (left <= 7) return '7d';
  return undefined;
}
