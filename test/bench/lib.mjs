// Shared pieces of the benchmarks: free ports, child servers, load runs, RSS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a child process and waits until `url` answers 2xx (at most 20 s). */
export async function startServer(args, { env = {}, url, method = 'GET' }) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url, { method })).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer in 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/**
 * The environment of a production gateway for a bench: the demo config with an https public URL
 * (production refuses one without), written once to a temp file.
 */
export async function productionEnv() {
  productionConfig ??= (async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'candor-bench-config-')), 'candor.config.ts');
    const demo = pathToFileURL(join(root, 'candor.config.ts')).href;
    await writeFile(
      file,
      // The policy's prose is named relative to the demo config; from here it is absolute.
      `import demo from '${demo}';\nexport default { ...demo, publicUrl: 'https://candor.bench.example', pages: { ...demo.pages, policyFile: ${JSON.stringify(join(root, 'site/src/content/policy/privacy.md'))} } };\n`,
    );
    return file;
  })();
  return { NODE_ENV: 'production', CANDOR_SECRET: 'b'.repeat(40), CANDOR_CONFIG: await productionConfig };
}
let productionConfig;

/** Starts the built gateway on a free port, with its data in `dataDir` (a new temp dir if none). */
export async function startGateway(extraEnv = {}, dataDir = undefined) {
  const port = await freePort();
  dataDir ??= await mkdtemp(join(tmpdir(), 'candor-bench-'));
  const child = await startServer(['gateway/dist/main.js'], {
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      CANDOR_DATA_DIR: dataDir,
      ...(await productionEnv()),
      ...extraEnv,
    },
    url: `http://127.0.0.1:${port}/healthz`,
  });
  return { child, url: `http://127.0.0.1:${port}`, dataDir };
}

/**
 * One bounded load run: 50 connections by default, for `duration` seconds or `amount` requests,
 * and never longer than `maxSeconds` (120 by default).
 */
export function load({ maxSeconds = 120, ...options }) {
  return new Promise((resolve, reject) => {
    const defaults = options.amount ? {} : { duration: 5 };
    const instance = autocannon({ connections: 50, ...defaults, ...options }, (err, result) => {
      clearTimeout(cap);
      if (err) reject(err);
      else resolve(result);
    });
    const cap = setTimeout(() => instance.stop(), maxSeconds * 1000);
  });
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

export function summarize(name, r) {
  return {
    name,
    reqPerSec: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/**
 * Bundles `contents` (TypeScript importing from `resolveDir`) into `file` and imports it, so a
 * bench runs the workspace's own code. DuckDB's native package stays external.
 */
export async function importBundle(contents, resolveDir, file) {
  const duckdb = createRequire(join(root, 'gateway/package.json')).resolve('@duckdb/node-api');
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    write: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'duckdb-external',
        setup(b) {
          b.onResolve({ filter: /^@duckdb\/node-api$/ }, () => ({ path: pathToFileURL(duckdb).href, external: true }));
        },
      },
    ],
  });
  await writeFile(file, result.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}
