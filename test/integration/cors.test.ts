import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

// The Node fast path for POST /api/event writes its own headers: it must answer CORS exactly as
// the Hono routes do, once, for a configured site's origin only.
const SITE = 'http://localhost:4321';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('CORS on the built gateway', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  const beacon = (origin: string) =>
    fetch(`${gw.url}/api/event`, {
      method: 'POST',
      headers: { origin, 'content-type': 'text/plain', 'user-agent': CHROME },
      body: JSON.stringify({ n: 'pageview', u: 'http://localhost/' }),
    });

  it('the fast event path answers a configured site with its origin and one cross-origin policy', async () => {
    const res = await beacon(SITE);
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('and a foreign origin with no CORS header and the same-origin policy', async () => {
    const res = await beacon('https://evil.example');
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('answers the preflight of POST /api/event for a configured site', async () => {
    const res = await fetch(`${gw.url}/api/event`, {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
  });
});
