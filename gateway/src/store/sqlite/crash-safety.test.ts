import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteRecordStore } from './records.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

const ITERATIONS = 10;

/**
 * A write is acknowledged (the equivalent of the 2xx) only after the RecordStore resolves it.
 * SIGKILL the writer right after an acknowledgement, at a random point of its stream of writes,
 * then reopen the file: every acknowledged record must be there.
 */
describe('RecordStore crash safety', () => {
  let dir: string;
  let writer: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-crash-'));
    // Bundled beside the gateway so the native better-sqlite3 resolves from its node_modules.
    const outDir = join(here, '../../../.test-out');
    await mkdir(outDir, { recursive: true });
    writer = join(outDir, 'audit-writer.mjs');
    await build({
      entryPoints: [join(here, 'fixtures/audit-writer.ts')],
      outfile: writer,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
      // As in the gateway's build: workspace packages (TypeScript sources) are bundled, the rest load from node_modules.
      plugins: [
        {
          name: 'external-node-modules',
          setup(b) {
            b.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@candor/') ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged record across ${ITERATIONS} SIGKILLs`, async () => {
    const file = join(dir, 'candor.sqlite');
    const acknowledged: number[] = [];
    for (let round = 0; round < ITERATIONS; round++) {
      const killAfter = 1 + Math.floor(Math.random() * 50);
      const acks = await runAndKill(writer, file, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      acknowledged.push(...acks);
    }
    const store = openSqliteRecordStore(file);
    const stored = new Set<number>();
    for (let page = await store.audit.list({ limit: 500 }); page.length > 0; ) {
      for (const e of page) stored.add(e.id);
      page = await store.audit.list({ limit: 500, before: page.at(-1)?.id });
    }
    await store.close();
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(acknowledged.length).toBeGreaterThan(ITERATIONS);
    expect(lost).toEqual([]);
  });
});

function runAndKill(script: string, file: string, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) acks.push(Number(line.slice(4)));
      if (acks.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.once('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited on its own (${_code}): ${stderr}`));
    });
  });
}
