import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_HASH } from '../support/banner.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { METRICS_TOKEN, metricsEnv, sample, scrape } from '../support/metrics.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('GET /metrics on the built gateway', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: metricsEnv });
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('refuses a scrape without the token', async () => {
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(401);
    expect((await scrape(gw, `${METRICS_TOKEN.slice(0, -1)}X`)).status).toBe(401);
  });

  it('counts an event, its flush and a consent, and times both routes by pattern', async () => {
    const event = await fetch(`${gw.url}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
      body: JSON.stringify({ n: 'pageview', u: 'http://localhost:8080/pricing?email=a@example.com' }),
    });
    expect(event.status).toBe(202);
    const consent = await fetch(`${gw.url}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
      body: JSON.stringify({
        id: '00000000-0000-4000-8000-0000000000aa',
        action: 'accept_all',
        granted: ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot'],
        denied: [],
        revision: '2026-11-01',
        configHash: DEMO_CONFIG_HASH,
        locale: 'en',
        gpc: false,
        path: '/',
      }),
    });
    expect(consent.status).toBe(201);

    // The buffer flushes every second; wait for the flush to be observed.
    let text = '';
    for (let i = 0; i < 40; i++) {
      const res = await scrape(gw);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      text = await res.text();
      const flushed = (sample(text, 'candor_event_flush_seconds_count') ?? 0) >= 1;
      if (flushed && sample(text, 'candor_job_items_total{job="analytics.flush",item="events"}') === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(text, 'candor_events_accepted_total')).toBe(1);
    expect(sample(text, 'candor_event_flush_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'candor_event_buffer_depth')).toBe(0);
    expect(sample(text, 'candor_consent_records_total')).toBe(1);
    expect(sample(text, 'candor_unsubscribes_total')).toBe(0);
    expect(sample(text, 'candor_privacy_requests_overdue')).toBe(0);
    expect(sample(text, 'candor_outbox_messages{status="pending"}')).toBe(0);
    expect(
      sample(text, 'candor_http_request_duration_seconds_count{method="POST",route="/api/event",status="2xx"}'),
    ).toBe(1);
    expect(
      sample(text, 'candor_http_request_duration_seconds_count{method="POST",route="/api/consent",status="2xx"}'),
    ).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // The one scheduler runs every periodic job; the flush has run without failing.
    const jobs = [
      'analytics.flush',
      'analytics.salts',
      'visits.seal',
      'outbox.deliver',
      'mail.deliver',
      'requests.reminders',
      'retention',
      'digest.weekly',
    ];
    for (const job of jobs) expect(sample(text, `candor_job_last_failed{job="${job}"}`), job).toBe(0);
    expect(sample(text, 'candor_job_runs_total{job="analytics.flush",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'candor_job_items_total{job="analytics.flush",item="events"}')).toBe(1);
    expect(sample(text, 'candor_job_last_success_timestamp_seconds{job="analytics.flush"}')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
    for (const needle of ['127.0.0.1', 'example.com', '0000000000aa', '/pricing']) {
      expect(text, needle).not.toContain(needle);
    }
  });
});

describe('GET /metrics without CANDOR_METRICS_TOKEN', () => {
  it('answers 404', async () => {
    const gw = await startGateway();
    try {
      expect((await scrape(gw)).status).toBe(404);
    } finally {
      await gw.stop();
      await rm(gw.dataDir, { recursive: true, force: true });
    }
  });
});
