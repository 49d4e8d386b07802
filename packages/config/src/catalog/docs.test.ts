import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_KEYS } from './index.ts';

const doc = readFileSync(join(__dirname, '../../../../docs/catalogue.md'), 'utf8');

/** The table rows of docs/catalogue.md by key: the cells after the key column. */
const rows = new Map(
  doc
    .split('\n')
    .map((line) => /^\| `([a-z0-9-]+)` \|(.*)\|$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1] ?? '', (match[2] ?? '').split('|').map((cell) => cell.trim())]),
);

describe('docs/catalogue.md', () => {
  it('has a row for every entry and none for an entry that does not exist', () => {
    expect([...rows.keys()]).toEqual([...CATALOG_KEYS]);
  });

  it.each(CATALOG_KEYS)('shows %s with its current name, provider, category, origins and cookies', (key) => {
    const entry = CATALOG[key];
    const [name, provider, category, origins = '', cookies = ''] = rows.get(key) ?? [];
    expect({ name, provider, category }).toEqual({
      name: entry.name,
      provider: entry.provider,
      category: entry.category,
    });
    expect(origins.split(', ')).toEqual(entry.origins.map((o) => o.replace('https://', '')));
    for (const cookie of entry.cookies) expect(cookies).toContain(`\`${cookie.name}\` (${cookie.duration})`);
    if (entry.cookies.length === 0) expect(cookies).toBe('none listed');
  });
});
