// A webhook receiver on 127.0.0.1 for the dispatcher tests, written the way the README tells a
// receiver to be: it checks the signature on the raw body and deduplicates by event id.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from './signature.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  validSignature: boolean;
}

/** What to answer to the n-th request (1-based): a status, or `hang` to never answer. */
export type Plan = (n: number) => number | 'hang';

export async function startReceiver(secret: string, clock: () => Date, plan: Plan = () => 200, delayMs = 0) {
  const raw: Received[] = [];
  const events = new Map<string, unknown>();
  const hanging: ServerResponse[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['candor-signature'];
      const validSignature = await verifyWebhookSignature(secret, typeof header === 'string' ? header : null, body, {
        now: clock(),
      });
      raw.push({ headers: req.headers, body, validSignature });
      if (!validSignature) return void res.writeHead(401).end();
      // Deduplicate by event id: a redelivery is acknowledged but not processed again.
      const id = req.headers['candor-event-id'];
      if (typeof id === 'string' && !events.has(id)) events.set(id, JSON.parse(body));
      const answer = plan(raw.length);
      if (answer === 'hang') hanging.push(res);
      else setTimeout(() => res.writeHead(answer).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    raw,
    events,
    maxInFlight: () => maxInFlight,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
