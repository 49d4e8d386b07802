import { describe, expect, it } from 'vitest';
import { fastKey } from './collect.ts';

describe('rate-limit keys', () => {
  it('are stable for one salt and address, and differ across addresses and salts', () => {
    expect(fastKey('s1', '203.0.113.1')).toBe(fastKey('s1', '203.0.113.1'));
    const keys = new Set<string>();
    for (let i = 0; i < 10_000; i++) keys.add(fastKey('s1', `10.0.${i >> 8}.${i & 255}`));
    expect(keys.size).toBe(10_000);
    expect(fastKey('s2', '203.0.113.1')).not.toBe(fastKey('s1', '203.0.113.1'));
  });

  it('never contain the address', () => {
    expect(fastKey('salt', '203.0.113.1')).not.toContain('203');
    expect(fastKey('salt', '203.0.113.1')).toMatch(/^[0-9a-z]{1,11}$/);
  });
});
