import { addDays, addMonths, instantOf, mondayOf } from './dates.ts';
import type { Interval } from './port.ts';

export interface Bucket {
  /** `YYYY-MM-DD` (day, week, month) or `YYYY-MM-DD HH:00` (hour), in the report's zone. */
  label: string;
  start: Date;
}

/**
 * Every bucket of a range, in order, so empty ones are reported as zeros. A week or month bucket
 * that begins before `from` is labelled with `from` (it holds only days of the range). An hour
 * that a spring-forward gap skips is kept with its start equal to the next hour's: it stays empty.
 */
export function bucketsOf(from: string, to: string, interval: Interval, tz: string): Bucket[] {
  const out: Bucket[] = [];
  if (interval === 'hour') {
    for (let day = from; day <= to; day = addDays(day, 1)) {
      for (let h = 0; h < 24; h++) {
        out.push({ label: `${day} ${String(h).padStart(2, '0')}:00`, start: instantOf(day, h, tz) });
      }
    }
    return out;
  }
  const next =
    interval === 'day'
      ? (day: string) => addDays(day, 1)
      : interval === 'week'
        ? (day: string) => addDays(mondayOf(day), 7)
        : (day: string) => addMonths(day, 1);
  for (let day = from; day <= to; day = next(day)) out.push({ label: day, start: instantOf(day, 0, tz) });
  return out;
}

/** Distinct ascending starts for the store; a later label wins a shared start (see `bucketsOf`). */
export function distinctStarts(buckets: readonly Bucket[]): Date[] {
  const out: Date[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.getTime() === b.start.getTime()) continue;
    out.push(b.start);
  }
  return out;
}
