import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/paths.ts';

// The map in the repository: a newcomer finds their way with nothing outside it, and the map keeps
// up with the tree it describes.
const DOCS = ['README.md', 'CONTRIBUTING.md', 'gateway/README.md', ...mdIn('docs')];

function mdIn(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${dir}/${name}`);
}

function foldersUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      return [path, ...foldersUnder(path)];
    });
}

/** Relative link targets in a Markdown file (`[text](target)`), without their #fragment. */
export function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the documentation', () => {
  it.each(DOCS)('%s links only to files that exist in the repository', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const target of relativeLinks(text)) {
      const path = join(root, dirname(doc), target);
      expect(relative(root, path), `${doc} → ${target}`).not.toMatch(/^\.\./);
      expect(existsSync(path), `${doc} → ${target}`).toBe(true);
    }
  });

  it.each(DOCS)('%s refers to nothing kept outside the repository', (doc) => {
    expect(readFileSync(join(root, doc), 'utf8')).not.toMatch(/DESIGN\.md|STYLE\.md|\.\.\/shared|`shared\/`/);
  });

  it('gateway/README.md maps every folder of gateway/src', () => {
    const readme = readFileSync(join(root, 'gateway/README.md'), 'utf8');
    const folders = foldersUnder('gateway/src').filter((path) => statSync(join(root, path)).isDirectory());
    expect(folders.length).toBeGreaterThan(19);
    const missing = folders.map((path) => path.replace(/^gateway\//, '')).filter((src) => !readme.includes(`${src}/`));
    expect(missing).toEqual([]);
  });

  it('the root README stays a short read for a newcomer', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(260);
  });
});

describe('relativeLinks', () => {
  it.each([
    ['[a](docs/x.md) and [b](https://example.com/)', ['docs/x.md']],
    ['[c](../gateway/README.md#build)', ['../gateway/README.md']],
    ['[d](#anchor) [e](mailto:a@b.c)', []],
  ])('reads %s', (text, links) => {
    expect(relativeLinks(text)).toEqual(links);
  });
});
