import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/paths.ts';

// The quick start must not depend on what pnpm releases next: the README and CI name the exact
// version that `packageManager` pins, so a newer pnpm never tries (and fails) to switch to it.
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** Every `pnpm@X` that a command line in `text` runs through npx. */
export function npxPnpmVersions(text: string): string[] {
  return [...text.matchAll(/npx\s+(?:--yes\s+|-y\s+)?pnpm@(\S+)/g)].map((match) => match[1] ?? '');
}

/** The README's quick-start block: the first ```sh fence under "## Quick start". */
export function quickStart(readme: string): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  const fence = section?.match(/```sh\n([\s\S]*?)```/);
  return (fence?.[1] ?? '').split('\n').filter((line) => line.trim() !== '');
}

describe('the pnpm version', () => {
  const pinned = (JSON.parse(read('package.json')) as { packageManager?: string }).packageManager;

  it('is pinned exactly in packageManager', () => {
    expect(pinned).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
  });

  it('is the one the README quick start runs, for both commands', () => {
    const lines = quickStart(read('README.md'));
    expect(lines.map((line) => line.replace(/\s*#.*$/, ''))).toEqual([
      `npx --yes ${pinned} start`,
      `npx --yes ${pinned} test`,
    ]);
  });

  it('is the one every npx call in .ci/run and the README runs', () => {
    const calls = [...npxPnpmVersions(read('.ci/run')), ...npxPnpmVersions(read('README.md'))];
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const version of calls) expect(`pnpm@${version}`).toBe(pinned);
  });

  it('is what .ci/run tests with: the README test command, verbatim', () => {
    const [, test] = quickStart(read('README.md'));
    const command = test?.replace(/\s*#.*$/, '');
    expect(read('.ci/run').split('\n')).toContain(command);
  });

  it('is never switched by pnpm itself (a switch needs signatures a mirror may not serve)', () => {
    // pnpm 10 reads the first setting; pnpm 11 and later read only the second.
    expect(read('pnpm-workspace.yaml')).toMatch(/^managePackageManagerVersions: false$/m);
    expect(read('pnpm-workspace.yaml')).toMatch(/^pmOnFail: ignore$/m);
  });
});

describe('npxPnpmVersions', () => {
  it.each([
    ['npx --yes pnpm@10.34.8 start', ['10.34.8']],
    ['npx -y pnpm@10 test', ['10']],
    ['npx pnpm@latest install', ['latest']],
    ['pnpm test', []],
  ])('reads %s', (text, versions) => {
    expect(npxPnpmVersions(text)).toEqual(versions);
  });
});
