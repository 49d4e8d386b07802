// The `pnpm candor` entry point; the commands live in cli/run.ts.
import { runCli } from './cli/run.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Type the password, then press Enter and Ctrl-D.\n');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  readStdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
