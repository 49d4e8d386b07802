import type { CandorConfig, Site } from '@candor/config';
import type { AnalyticsEvent } from '../store/events.ts';
import { type EventBody, MAX_EVENT_BYTES, parseEventBody } from './body.ts';
import type { EventBuffer } from './buffer.ts';
import { createDayOf } from './day.ts';
import {
  botReason,
  type CountryLookup,
  classifySource,
  createUserAgentParser,
  type HeaderReader,
  normalizePath,
  utmFromUrl,
} from './enrich/index.ts';
import type { IngestMetrics } from './metrics.ts';
import type { Visitors } from './visitors.ts';

export interface IngestDeps {
  config: CandorConfig;
  buffer: EventBuffer;
  visitors: Visitors;
  metrics: IngestMetrics;
  country: CountryLookup;
  now: () => number;
  /** Development only: honour an `x-candor-time` header, so demo traffic can span past days. */
  allowClientTime?: boolean;
}

export interface ClientInfo {
  /** Used for the country and inside the visitor key, then discarded. */
  ip: string;
}

/** An error the route turns into problem+json; the hot path never throws for client input. */
export class IngestError {
  constructor(
    readonly status: 400 | 413 | 503,
    readonly detail: string,
  ) {}
}

interface SiteEntry {
  site: Site;
  dayOf: (ms: number) => string;
}

/**
 * The collect handler, framework-free: validate → bot filter → enrich → visitor key in memory →
 * session → buffer, all synchronous. It returns nothing when the event is accepted (or
 * deliberately dropped), so the route answers 202 before any storage work, or an IngestError for
 * input the client must fix or when the buffer is full.
 */
export function createIngest(deps: IngestDeps) {
  const { config, buffer, visitors, metrics, country, now } = deps;
  const sites = new Map<string, SiteEntry>();
  for (const site of config.sites) {
    const entry = { site, dayOf: createDayOf(site.timezone) };
    for (const host of site.hostnames) sites.set(host, entry);
  }
  const firstSite = config.sites[0];
  const unknownDayOf = createDayOf(firstSite?.timezone ?? 'UTC');
  const parseUa = createUserAgentParser();
  const keepParams = config.analytics.keepQueryParams;

  return function ingest(text: string, headers: HeaderReader, client: ClientInfo): IngestError | undefined {
    if (text.length > MAX_EVENT_BYTES)
      return new IngestError(413, `An event body is at most ${MAX_EVENT_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return new IngestError(400, 'The body is not valid JSON.');
    }
    const body = parseEventBody(json);
    if (typeof body === 'string') return new IngestError(400, body);

    const time = eventTime(headers, deps.allowClientTime === true, now);
    const entry = sites.get(body.url.hostname);
    if (!entry) {
      metrics.drop('unknown_host');
      buffer.countDropped(unknownDayOf(time), '', 'unknown_host');
      return undefined;
    }
    const day = entry.dayOf(time);
    const ua = headers.get('user-agent') ?? '';
    const bot = botReason(ua, headers);
    if (bot) {
      metrics.drop(bot);
      buffer.countDropped(day, entry.site.id, bot);
      return undefined;
    }

    const event = enrich(body, entry.site, time, parseUa(ua), country(client.ip), keepParams);
    const visit = visitors.visit(entry.site.id, day, client.ip, ua, time);
    event.sessionId = visit.sessionId;
    event.firstOfDay = visit.firstOfDay;
    if (!buffer.push(event)) {
      metrics.shed++;
      return new IngestError(503, 'Analytics is briefly overloaded; the event was not recorded.');
    }
    metrics.accepted++;
    return undefined;
  };
}

function enrich(
  body: EventBody,
  site: Site,
  time: number,
  agent: ReturnType<ReturnType<typeof createUserAgentParser>>,
  countryCode: string,
  keepParams: readonly string[],
): AnalyticsEvent {
  const utm = utmFromUrl(body.url);
  const { source, referrerHost } = classifySource(body.referrer, site.hostnames, utm.utmSource);
  return {
    time: new Date(time),
    site: site.id,
    name: body.name,
    path: normalizePath(body.url, keepParams),
    source,
    referrerHost,
    ...utm,
    country: countryCode,
    browser: agent.browser,
    browserVersion: agent.browserVersion,
    os: agent.os,
    device: agent.device,
    sessionId: '',
    firstOfDay: false,
    engagedMs: body.engagedMs,
    props: body.props,
  };
}

function eventTime(headers: HeaderReader, allowClientTime: boolean, now: () => number): number {
  if (allowClientTime) {
    const t = Number(headers.get('x-candor-time'));
    if (Number.isFinite(t) && t > 0) return t;
  }
  return now();
}
