import { describe, expect, it } from 'vitest';
import { createMailBudget } from './mail-budget.ts';

const MINUTE = 60_000;
const NOW = { heldUntil: null };

describe('createMailBudget', () => {
  it('grants the burst now, holds one more for the next free slot, then refuses until slots free', () => {
    let now = 0;
    const budget = createMailBudget({ perHour: 3, now: () => now });
    expect([budget.take('k'), budget.take('k'), budget.take('k')]).toEqual([NOW, NOW, NOW]);
    expect(budget.take('k')).toEqual({ heldUntil: 20 * MINUTE });
    expect(budget.take('k')).toBeUndefined();
    expect(budget.take('other')).toEqual(NOW);
    now = 30 * MINUTE; // the held mail has its slot; the next free one is at 40 minutes
    expect(budget.take('k')).toEqual({ heldUntil: 40 * MINUTE });
    expect(budget.take('k')).toBeUndefined();
  });

  it('never lets a key average more than its hourly budget', () => {
    let now = 0;
    const budget = createMailBudget({ perHour: 3, now: () => now });
    const slots: number[] = [];
    for (; now < 10 * 60 * MINUTE; now += MINUTE) {
      const slot = budget.take('k');
      if (slot !== undefined) slots.push(slot.heldUntil ?? now);
    }
    // 3 at once, then one every 20 minutes: 3 + 30 in ten hours, never two at one time after the burst.
    expect(slots.length).toBeLessThanOrEqual(3 + 30);
    expect(new Set(slots.slice(3)).size).toBe(slots.length - 3);
  });

  it('takes back a refunded mail, and borrows nothing with ahead 0', () => {
    const budget = createMailBudget({ perHour: 1, ahead: 0, now: () => 0 });
    expect(budget.take('k')).toEqual(NOW);
    expect(budget.take('k')).toBeUndefined();
    budget.refund('k');
    expect(budget.take('k')).toEqual(NOW);
  });

  it('forgets the least recently used keys past maxKeys', () => {
    const budget = createMailBudget({ perHour: 1, ahead: 0, maxKeys: 2, now: () => 0 });
    budget.take('a');
    budget.take('b');
    budget.take('c');
    expect(budget.take('a')).toEqual(NOW); // forgotten, so full again
  });
});
