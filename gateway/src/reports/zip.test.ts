import { describe, expect, it } from 'vitest';
import { unzip } from './test-app.ts';
import { crc32, zip } from './zip.ts';

describe('zip', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips files, deflated when that is smaller and stored otherwise', async () => {
    const big = 'value,visitors\r\n'.repeat(500);
    const bytes = await zip(
      [
        { name: 'summary.csv', data: new TextEncoder().encode(big) },
        { name: 'tiny.csv', data: new TextEncoder().encode('a') },
        { name: 'empty.csv', data: new Uint8Array() },
        { name: 'übersicht.csv', data: new TextEncoder().encode('ß') },
      ],
      new Date('2026-11-21T13:00:00Z'),
    );
    expect(bytes.length).toBeLessThan(big.length);
    expect(await unzip(bytes)).toEqual({ 'summary.csv': big, 'tiny.csv': 'a', 'empty.csv': '', 'übersicht.csv': 'ß' });
  });
});
