import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEntry, root } from './paths.ts';

export interface RunningGateway {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
}

/** Starts the built gateway on a free 127.0.0.1 port with its own temp data dir. */
export async function startGateway({ env = {}, dataDir }: StartOptions = {}): Promise<RunningGateway> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'candor-it-')));
  const child = spawn(process.execPath, ['--enable-source-maps', gatewayEntry], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', CANDOR_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not become ready in 20 s:\n${output}`)), 20_000);
    const onData = () => {
      const ready = output
        .split('\n')
        .map(parseJson)
        .find((line) => line?.msg === 'ready');
      if (ready && typeof ready.port === 'number') {
        clearTimeout(timer);
        resolve(ready.port);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before ready:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    dataDir: dir,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      const start = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: performance.now() - start };
    },
  };
}

/** Runs the gateway expecting it to fail at start-up; resolves with its exit code and output. */
export async function runGatewayExpectingFailure(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-it-'));
  try {
    const child = spawn(process.execPath, [gatewayEntry], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', CANDOR_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return { code, output };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
