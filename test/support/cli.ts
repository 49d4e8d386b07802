import { spawn } from 'node:child_process';
import { cliEntry, root } from './paths.ts';

/** Runs the built CLI against a data dir; resolves with its exit code and output. */
export function cli(
  dataDir: string,
  args: string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliEntry, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', CANDOR_DATA_DIR: dataDir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Adds a staff account through the CLI, as an operator would; fails the calling test if it cannot. */
export async function addStaff(
  dataDir: string,
  email: string,
  role: 'admin' | 'marketer' | 'privacy',
  password: string,
) {
  const added = await cli(
    dataDir,
    ['user', 'add', '--email', email, '--role', role, '--password-stdin'],
    `${password}\n`,
  );
  if (added.code !== 0) throw new Error(`user add failed (${added.code}): ${added.stderr}`);
}
