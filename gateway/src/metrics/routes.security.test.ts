import { describe, expect, it } from 'vitest';
import { consentBody, post } from '../consent/fixtures.ts';
import { testApp } from '../testing.ts';
import { createGatewayMetrics } from './instruments.ts';

const TOKEN = 'metrics-token-0123456789';

function appWith(token: string | undefined) {
  const gateway = createGatewayMetrics();
  return testApp({
    metrics: {
      token,
      gateway,
      runtime: () => ({ residentMemoryBytes: 1234, eventLoopLagSeconds: 0.002, eventLoopLagP99Seconds: 0.015 }),
    },
  });
}

const scrape = (app: ReturnType<typeof appWith>['app'], authorization?: string) =>
  app.request('/metrics', authorization ? { headers: { authorization } } : {});

describe('GET /metrics', () => {
  it('answers 404 when CANDOR_METRICS_TOKEN is unset, whatever is sent', async () => {
    const { app } = appWith(undefined);
    expect((await scrape(app)).status).toBe(404);
    expect((await scrape(app, 'Bearer anything-at-all-here')).status).toBe(404);
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer metrics-token-0123456788'],
    ['a prefix of the token', 'Bearer metrics-token'],
    ['the token with another scheme', `Basic ${TOKEN}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 and no metrics', async (_name, authorization) => {
    const { app } = appWith(TOKEN);
    const res = await scrape(app, authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.text()).not.toContain('candor_');
  });

  it('serves the Prometheus text format, uncached, with the token', async () => {
    const { app } = appWith(TOKEN);
    const res = await scrape(app, `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    for (const name of [
      'candor_events_accepted_total',
      'candor_events_dropped_total',
      'candor_event_buffer_depth',
      'candor_event_flush_seconds',
      'candor_consent_records_total',
      'candor_unsubscribes_total',
      'candor_privacy_requests',
      'candor_privacy_requests_overdue',
      'candor_outbox_messages',
      'candor_mail_queue_messages',
      'candor_http_request_duration_seconds',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('process_resident_memory_bytes 1234\n');
    expect(text).toContain('nodejs_eventloop_lag_seconds 0.002\n');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds 0.015\n');
    expect(text).toContain('candor_privacy_requests{status="unverified"} 0\n');
  });

  it('counts consent records and labels requests by route pattern, never by path or address', async () => {
    const { app } = appWith(TOKEN);
    expect((await app.request('/api/consent', post(consentBody()))).status).toBe(201);
    await app.request('/api/consent/3f0c6a52-9d1e-4b7a-8f2e-5c4d3b2a1f00');
    await app.request('/u/some-secret-unsubscribe-token');
    const text = await (await scrape(app, `Bearer ${TOKEN}`)).text();
    expect(text).toContain('candor_consent_records_total 1\n');
    expect(text).toMatch(
      /candor_http_request_duration_seconds_count\{method="POST",route="\/api\/consent",status="2xx"\} 1/,
    );
    expect(text).toContain('route="/api/consent/:id"');
    for (const needle of ['3f0c6a52', 'some-secret-unsubscribe-token', '192.0.2.1', '@']) {
      expect(text, needle).not.toContain(needle);
    }
  });

  it('reports accepted events and the buffer depth from the ingest pipeline', async () => {
    const { app } = appWith(TOKEN);
    const res = await app.request('/api/event', {
      method: 'POST',
      body: JSON.stringify({ n: 'pageview', u: 'http://localhost:8080/' }),
      headers: {
        'content-type': 'text/plain',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      },
    });
    expect(res.status).toBe(202);
    const text = await (await scrape(app, `Bearer ${TOKEN}`)).text();
    expect(text).toContain('candor_events_accepted_total 1\n');
    expect(text).toContain('candor_event_buffer_depth 1\n');
  });
});
