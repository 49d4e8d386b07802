import { cli } from './cli.ts';
import type { FuzzContext } from './fuzz-inputs.ts';
import { type RunningGateway, startGateway } from './gateway.ts';
import { metricsEnv } from './metrics.ts';

export interface FuzzTarget {
  gw: RunningGateway;
  ctx: FuzzContext;
}

/**
 * Starts the built gateway behind a "proxy" (so varied X-Forwarded-For reach past the per-client
 * limiters), with a real API key from the CLI and a real unsubscribe token to mutate.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', ...metricsEnv } });
  const created = await cli(gw.dataDir, [
    'apikey',
    'create',
    '--name',
    'fuzz',
    '--scope',
    'stats:read,unsubscribe:write,suppressions:read',
  ]);
  const apiKey = created.stdout.trim().split('\n').at(-1) ?? '';
  if (created.code !== 0 || !apiKey) throw new Error(`apikey create failed (${created.code}): ${created.stderr}`);
  const link = await fetch(`${gw.url}/api/unsubscribe-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'fuzz@example.org', list: 'newsletter' }),
  });
  if (!link.ok) throw new Error(`unsubscribe link failed: ${link.status} ${await link.text()}`);
  const { url } = (await link.json()) as { url: string };
  const unsubscribeToken = new URL(url).pathname.split('/').at(-1) ?? '';
  return { gw, ctx: { apiKey, unsubscribeToken, dataDir: gw.dataDir } };
}
