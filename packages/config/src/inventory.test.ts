import { describe, expect, it } from 'vitest';
import { DATA_INVENTORY, formatDays, inventoryRows } from './inventory.ts';
import { candorConfigSchema } from './schema.ts';

const retention = candorConfigSchema.shape.retention.parse(undefined);

describe('the data inventory', () => {
  it('fills each period from the config and keeps rules that are not periods', () => {
    const rows = inventoryRows({ retention: { ...retention, loginLogDays: 90 } });
    expect(rows).toHaveLength(DATA_INVENTORY.length);
    expect(rows.find((r) => r.tables.includes('login_log'))?.kept).toBe('90 days, then deleted');
    expect(rows.find((r) => r.tables.includes('consent_records'))?.kept).toBe('5 years, then deleted');
    expect(rows.find((r) => r.tables.includes('users'))?.kept).toMatch(/^While the person has an account/);
  });

  it('gives every retention setting a place in the inventory', () => {
    const used = new Set(DATA_INVENTORY.flatMap((e) => ('setting' in e.retention ? [e.retention.setting] : [])));
    expect([...used].sort()).toEqual(Object.keys(retention).sort());
  });

  it('marks every table that can hold an email as personal', () => {
    for (const table of ['users', 'privacy_requests', 'outbox', 'mail_queue']) {
      const entries = DATA_INVENTORY.filter((e) => e.tables.includes(table));
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) expect(e.personal).toBe('yes');
    }
  });

  it.each([
    [1825, '5 years'],
    [365, '1 year'],
    [30, '30 days'],
    [1, '1 day'],
  ])('formats %i days as %s', (days, text) => {
    expect(formatDays(days)).toBe(text);
  });
});
