// The weekly email digest: a plain summary of last week per site, for staff who opted in.

import type { CandorConfig, Site } from '@candor/config';
import { importHmacKey } from '../admin/crypto.ts';
import { DIGEST_OFF_PATH, digestOffToken } from '../admin/digest-link.tsx';
import type { MailTransport } from '../mail/port.ts';
import { publicBaseUrl } from '../public-origin.ts';
import type { RecordStore, User } from '../store/records.ts';
import { addDays, dayIn, instantOf, mondayOf } from './dates.ts';
import { isoWeekOf, mondayOfIsoWeek } from './iso-week.ts';
import type { Metrics } from './metrics.ts';
import { dayRange, type StatsQuery } from './params.ts';
import type { Reports } from './service.ts';

export interface Ranked {
  value: string;
  visitors: number;
}

export interface DigestInput {
  config: CandorConfig;
  site: Site;
  summary: Metrics;
  previous: Metrics;
  topSources: readonly Ranked[];
  topPages: readonly Ranked[];
  /** YYYY-MM-DD, inclusive, in the site's zone. */
  from: string;
  to: string;
}

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

const ROWS: { key: keyof Metrics; label: string; format: (n: number) => string }[] = [
  { key: 'visitors', label: 'Visitors', format: (n) => n.toLocaleString('en-US') },
  { key: 'visits', label: 'Visits', format: (n) => n.toLocaleString('en-US') },
  { key: 'pageviews', label: 'Pageviews', format: (n) => n.toLocaleString('en-US') },
  { key: 'bounce_rate', label: 'Bounce rate', format: (n) => `${Math.round(n * 100)}%` },
  { key: 'visit_duration', label: 'Visit duration', format: (n) => `${n}s` },
];

/** Plain text and matching HTML: no tracking pixel, no external image, every value escaped. */
export function composeDigest(input: DigestInput, stopUrl?: string): Digest {
  const { site, from, to } = input;
  const name = site.name;
  const subject = `${name}: your week in numbers (${from} to ${to})`;
  const metrics = ROWS.map((r) => {
    const now = input.summary[r.key] ?? 0;
    const before = input.previous[r.key] ?? 0;
    return { label: r.label, value: r.format(now), change: changeText(now, before, r.format) };
  });
  // Every recipient can switch it off on their own account page; "Users" is the admin's only.
  const accountUrl = `${publicBaseUrl(input.config)}/admin/account#digest`;
  const footer = `You get this because the weekly digest is on for your account in ${input.config.company.name}'s Candor admin. Turn it off: ${stopUrl ?? accountUrl}`;

  const text = [
    `${name}, ${from} to ${to} (${site.timezone})`,
    '',
    ...metrics.map((m) => `${m.label}: ${m.value} (${m.change})`),
    '',
    'Top sources',
    ...ranked(input.topSources).map((r) => `  ${r.value}: ${r.visitors}`),
    '',
    'Top pages',
    ...ranked(input.topPages).map((r) => `  ${r.value}: ${r.visitors}`),
    '',
    footer,
    '',
  ].join('\n');

  const list = (rows: readonly Ranked[]) =>
    `<ul>${ranked(rows)
      .map((r) => `<li>${escapeHtml(r.value)}: ${r.visitors}</li>`)
      .join('')}</ul>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<h1 style="font-size:1.2em">${escapeHtml(name)}, ${from} to ${to}</h1>`,
    '<table>',
    ...metrics.map(
      (m) => `<tr><th align="left">${m.label}</th><td>${escapeHtml(m.value)}</td><td>${escapeHtml(m.change)}</td></tr>`,
    ),
    '</table>',
    `<h2 style="font-size:1em">Top sources</h2>${list(input.topSources)}`,
    `<h2 style="font-size:1em">Top pages</h2>${list(input.topPages)}`,
    `<p style="color:#555">${escapeHtml(footer.slice(0, footer.lastIndexOf(': ') + 2))}<a href="${escapeHtml(stopUrl ?? accountUrl)}">${escapeHtml(stopUrl ?? accountUrl)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function ranked(rows: readonly Ranked[]): readonly Ranked[] {
  return rows.length > 0 ? rows : [{ value: '(none)', visitors: 0 }];
}

/** "+25% vs last week", "same as last week", or the previous value when it was zero. */
export function changeText(now: number, before: number, format: (n: number) => string): string {
  if (now === before) return 'same as last week';
  if (before === 0) return `up from ${format(0)} last week`;
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : ''}${pct}% vs last week (${format(before)})`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface SendDeps {
  records: RecordStore;
  reports: Pick<Reports, 'summary' | 'breakdown'>;
  config: CandorConfig;
  mail: MailTransport;
  /** Epoch ms. */
  now: number;
  /** Send this ISO week (`2026-W47`) now, whether or not it was sent (the CLI). */
  week?: string | undefined;
  /** Signs each recipient's "stop" link; without it the digest links only to the account page. */
  digestKey?: Uint8Array | undefined;
}

/** The hour (site time) on Monday from which last week's digest is due. */
export const DIGEST_HOUR = 8;
const RECIPIENT_ROLES = new Set<User['role']>(['admin', 'marketer']);

/**
 * Sends last full ISO week's digest (Monday to Sunday, site time) to every opted-in, active admin
 * or marketer, once per site and week: a no-op before Monday 08:00 and for a week already sent.
 * The week is recorded only after every message went out, so a failure is retried next time.
 * Resolves with the number of messages sent.
 */
export async function sendWeeklyDigests(deps: SendDeps): Promise<number> {
  const key = deps.digestKey && importHmacKey(deps.digestKey);
  const recipients = (await deps.records.users.list()).filter(
    (u) => u.digestOptIn && u.disabledAt === null && RECIPIENT_ROLES.has(u.role),
  );
  let sent = 0;
  for (const site of deps.config.sites) {
    const week = deps.week ?? dueWeek(site.timezone, deps.now);
    if (week === undefined) continue;
    // Weeks sort as text; a week at or before the last one sent is done.
    if (deps.week === undefined && ((await deps.records.digests.lastSentWeek(site.id)) ?? '') >= week) continue;
    const monday = mondayOfIsoWeek(week);
    if (monday === undefined) throw new Error(`not an ISO week: ${week}`);
    if (recipients.length > 0) {
      const input = await digestInput(deps, site, monday);
      for (const user of recipients) {
        const token = key && (await digestOffToken(await key, user.id));
        const stopUrl = token && `${publicBaseUrl(deps.config)}${DIGEST_OFF_PATH}/${token}`;
        await deps.mail.send({ to: user.email, ...composeDigest(input, stopUrl) });
        sent++;
      }
    }
    await deps.records.digests.markSent(site.id, week, new Date(deps.now));
  }
  return sent;
}

/** Last full week, once it is Monday 08:00 or later in the zone. */
export function dueWeek(tz: string, now: number): string | undefined {
  const thisMonday = mondayOf(dayIn(now, tz));
  if (now < instantOf(thisMonday, DIGEST_HOUR, tz).getTime()) return undefined;
  return isoWeekOf(addDays(thisMonday, -7));
}

async function digestInput(deps: SendDeps, site: Site, monday: string): Promise<DigestInput> {
  const from = monday;
  const to = addDays(monday, 6);
  const range = dayRange(site.id, from, to, site.timezone);
  const q: StatsQuery = {
    ...range,
    filters: [],
    goal: undefined,
    compare: dayRange(site.id, addDays(from, -7), addDays(from, -1), site.timezone),
    interval: 'day',
    breakdown: undefined,
    limit: 5,
    page: 1,
    offset: 0,
    format: 'json',
  };
  const top = async (breakdown: StatsQuery['breakdown']) =>
    (await deps.reports.breakdown({ ...q, compare: undefined, breakdown })).results.map((r) => ({
      value: String(r.value) || '(direct)',
      visitors: Number(r.visitors),
    }));
  const [summary, topSources, topPages] = await Promise.all([
    deps.reports.summary(q),
    top({ kind: 'session', dimension: 'source' }),
    top({ kind: 'page' }),
  ]);
  const previous = summary.comparison?.results ?? summary.results;
  return { config: deps.config, site, summary: summary.results, previous, topSources, topPages, from, to };
}
