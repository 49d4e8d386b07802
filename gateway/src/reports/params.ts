import type { CandorConfig } from '@candor/config';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { parseBody } from '../request.ts';
import { addDays, addMonths, dayIn, daysBetween, firstOfMonth, instantOf, isDay, isTimeZone } from './dates.ts';
import { hasControl, parseFilters } from './filters.ts';
import {
  type Breakdown,
  type DayRange,
  type Filter,
  type Goal,
  INTERVALS,
  type Interval,
  SESSION_DIMENSIONS,
  type SessionDimension,
} from './port.ts';

export type Report = 'summary' | 'timeseries' | 'breakdown' | 'realtime' | 'export';

export const PERIODS = ['today', '7d', '30d', 'month', '12m'] as const;
export const MAX_RANGE_DAYS = 3 * 365 + 1;
export const MAX_HOURLY_DAYS = 31;
export const MAX_LIMIT = 1000;

/** A validated stats request: what the route asks the store, in UTC instants. */
export interface StatsQuery extends DayRange {
  filters: Filter[];
  goal: Goal | undefined;
  /** The previous range of equal length, when `compare=previous`. */
  compare: DayRange | undefined;
  interval: Interval;
  breakdown: Breakdown | undefined;
  limit: number;
  page: number;
  offset: number;
  format: 'json' | 'csv';
}

/** Shortcuts for the built-in events' props (outbound links, downloads, 404 paths). */
export const PROP_ALIASES: ReadonlyMap<string, Breakdown> = new Map<string, Breakdown>([
  ['outbound_link', { kind: 'prop', event: 'Outbound Link: Click', key: 'url' }],
  ['file_download', { kind: 'prop', event: 'File Download', key: 'url' }],
  ['not_found', { kind: 'prop', event: '404', key: 'path' }],
]);

const noControl = (s: string) => !hasControl(s);
const day = z.string().refine(isDay, 'must be a date as YYYY-MM-DD');
const count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`));
const eventName = z.string().min(1).max(120).refine(noControl, 'may not hold control characters');

const paramsSchema = z.object({
  site: z.string().max(253).optional(),
  period: z.enum(PERIODS).optional(),
  from: day.optional(),
  to: day.optional(),
  tz: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin').optional(),
  filters: z
    .string()
    .max(8192)
    .transform((text, ctx) => {
      const parsed = parseFilters(text);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    })
    .optional(),
  compare: z.enum(['previous']).optional(),
  goal: z
    .string()
    .regex(/^(event:.{1,120}|page:\/.{0,1023})$/, 'must be event:<name> or page:/<path>')
    .refine(noControl, 'may not hold control characters')
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
  interval: z.enum(INTERVALS).optional(),
  property: z
    .string()
    .refine(
      (p) => isProperty(p),
      `must be one of ${['page', 'event', ...SESSION_DIMENSIONS, ...PROP_ALIASES.keys()].join(', ')} or prop:<key>`,
    )
    .optional(),
  event: eventName.optional(),
  limit: count(MAX_LIMIT).default(100),
  page: count(100_000).default(1),
});

type ParamName = keyof typeof paramsSchema.shape;
const COMMON: ParamName[] = ['site', 'period', 'from', 'to', 'tz', 'filters', 'compare', 'goal', 'format'];
const ALLOWED: Record<Report, ParamName[]> = {
  summary: COMMON,
  timeseries: [...COMMON, 'interval'],
  breakdown: [...COMMON, 'property', 'event', 'limit', 'page'],
  realtime: ['site', 'format'],
  export: [...COMMON.filter((name) => name !== 'format'), 'interval'],
};

export interface ParseDeps {
  config: CandorConfig;
  /** The clock, in epoch ms; relative periods are resolved against it. */
  now: () => number;
}

/**
 * Turns the query string of a stats request into a `StatsQuery`, or throws a 400 ApiError whose
 * detail names the bad parameter (`from: must be a date as YYYY-MM-DD`). Unknown and repeated
 * parameters are refused too, so a typo never silently widens a report.
 */
export function parseStatsQuery(search: URLSearchParams, report: Report, deps: ParseDeps): StatsQuery {
  const raw: Record<string, string> = {};
  const allowed = new Set<string>(ALLOWED[report]);
  for (const [name, value] of search) {
    if (!allowed.has(name))
      throw invalid(name, `unknown parameter for ${report} (allowed: ${[...allowed].join(', ')})`);
    if (name in raw) throw invalid(name, 'give it once');
    raw[name] = value;
  }
  const p = parseBody(paramsSchema, raw);

  const site = resolveSite(deps.config, p.site);
  const tz = p.tz ?? site.timezone;
  const { from, to } = resolveDays(p, tz, deps.now());
  const days = daysBetween(from, to);
  if (days > MAX_RANGE_DAYS) throw invalid('to', `a range is at most ${MAX_RANGE_DAYS} days (3 years)`);
  const interval = p.interval ?? (days === 1 ? 'hour' : days <= 92 ? 'day' : 'month');
  if (interval === 'hour' && days > MAX_HOURLY_DAYS) {
    throw invalid('interval', `hour is for ranges of at most ${MAX_HOURLY_DAYS} days`);
  }
  const breakdown = report === 'breakdown' ? resolveBreakdown(p.property, p.event) : undefined;
  const range = dayRange(site.id, from, to, tz);
  return {
    ...range,
    filters: p.filters ?? [],
    goal: p.goal ? parseGoal(p.goal) : undefined,
    compare: p.compare ? dayRange(site.id, addDays(from, -days), addDays(from, -1), tz) : undefined,
    interval,
    breakdown,
    limit: p.limit,
    page: p.page,
    offset: (p.page - 1) * p.limit,
    format: p.format,
  };
}

export function dayRange(site: string, from: string, to: string, tz: string): DayRange {
  return { site, from, to, tz, start: instantOf(from, 0, tz), end: instantOf(addDays(to, 1), 0, tz) };
}

function resolveSite(config: CandorConfig, value: string | undefined) {
  if (value === undefined) {
    const only = config.sites.length === 1 ? config.sites[0] : undefined;
    if (!only) throw invalid('site', 'is required: a site id or one of its hostnames');
    return only;
  }
  const site = config.sites.find((s) => s.id === value || s.hostnames.includes(value.toLowerCase()));
  if (!site) throw invalid('site', 'is not a configured site id or hostname');
  return site;
}

function resolveDays(p: z.output<typeof paramsSchema>, tz: string, now: number): { from: string; to: string } {
  if (p.period !== undefined && (p.from !== undefined || p.to !== undefined)) {
    throw invalid('period', 'give either period or from and to, not both');
  }
  if (p.from !== undefined || p.to !== undefined) {
    if (p.from === undefined) throw invalid('from', 'is required with to');
    if (p.to === undefined) throw invalid('to', 'is required with from');
    if (p.from > p.to) throw invalid('from', 'must not be after to');
    return { from: p.from, to: p.to };
  }
  const today = dayIn(now, tz);
  switch (p.period ?? '30d') {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: firstOfMonth(today), to: today };
    case '12m':
      return { from: addMonths(today, -11), to: today };
  }
}

function isProperty(p: string): boolean {
  if (p === 'page' || p === 'event' || PROP_ALIASES.has(p)) return true;
  if ((SESSION_DIMENSIONS as readonly string[]).includes(p)) return true;
  return /^prop:[^"\\]{1,100}$/.test(p) && !hasControl(p);
}

function resolveBreakdown(property: string | undefined, event: string | undefined): Breakdown {
  if (property === undefined) throw invalid('property', 'is required');
  if (property.startsWith('prop:')) {
    if (event === undefined) throw invalid('event', `is required with ${property}: the event whose prop to break down`);
    return { kind: 'prop', event, key: property.slice(5) };
  }
  if (event !== undefined) throw invalid('event', 'is only for property=prop:<key>');
  const alias = PROP_ALIASES.get(property);
  if (alias) return alias;
  if (property === 'page' || property === 'event') return { kind: property };
  return { kind: 'session', dimension: property as SessionDimension };
}

function parseGoal(goal: string): Goal {
  return goal.startsWith('event:') ? { kind: 'event', name: goal.slice(6) } : { kind: 'page', path: goal.slice(5) };
}

function invalid(param: string, message: string): ApiError {
  return new ApiError('validation_failed', `${param}: ${message}`);
}
