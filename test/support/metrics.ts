import type { RunningGateway } from './gateway.ts';
import { waitFor } from './wait.ts';

/** A scrape token for gateways started with `metricsEnv`, so a test can read /metrics. */
export const METRICS_TOKEN = 'test-scrape-token-0123456789abcdef';
export const metricsEnv = { CANDOR_METRICS_TOKEN: METRICS_TOKEN } as const;

export async function scrape(gw: RunningGateway, token = METRICS_TOKEN): Promise<Response> {
  return fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
}

/** The value of one sample line, e.g. `candor_events_accepted_total` or `x{status="a"}`. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * Resolves once the gateway (started with `metricsEnv`) has accepted at least `accepted` events
 * and none waits in its buffer: the buffer drops a batch only after the event store took it, so a
 * depth of 0 means every accepted event is stored. This replaces a fixed sleep on the flush timer.
 */
export async function eventsStored(gw: RunningGateway, accepted = 1, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const text = await (await scrape(gw)).text();
      return (
        (sample(text, 'candor_events_accepted_total') ?? 0) >= accepted &&
        sample(text, 'candor_event_buffer_depth') === 0
      );
    },
    `${accepted} accepted events to be stored`,
    timeoutMs,
  );
}

/** Resolves once the gateway (started with `metricsEnv`) has written at least `flushes` batches. */
export async function flushed(gw: RunningGateway, flushes = 1, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => (sample(await (await scrape(gw)).text(), 'candor_event_flush_seconds_count') ?? 0) >= flushes,
    `${flushes} event flushes`,
    timeoutMs,
  );
}
