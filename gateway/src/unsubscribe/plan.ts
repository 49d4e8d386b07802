import type { UnsubscribeClaims } from '@candor/mail-links';
import { ALL_LISTS } from '../store/records.ts';
import { mayLift } from './lift.ts';
import type { SuppressionState } from './service.ts';

/** The page's forms, by their `action` field. */
export type FormAction = 'list' | 'all' | 'resubscribe' | 'preferences' | 'restore';

export interface FormPlan {
  action: FormAction;
  add: string[];
  remove: string[];
  /** Lists (or `*`) asked back on that stay off: this link may not lift what holds them off. */
  kept: string[];
}

/**
 * What a page form asks for, within what the link may do (`lift.ts`): any list may be switched
 * off; a list comes back on only when this link may lift every row that holds it off. Undefined
 * for a form that is not one of the page's.
 */
export function planFormChange(
  form: ReadonlyMap<string, string[]>,
  claims: UnsubscribeClaims,
  before: SuppressionState,
  listIds: readonly string[],
): FormPlan | undefined {
  const may = (row: string) => mayLift(before.entries, row, claims);

  /** Switches `on` back on where the link may; `others` says what happens to the other lists. */
  const backOn = (action: FormAction, on: ReadonlySet<string>, others: 'off' | 'as-they-are'): FormPlan => {
    const remove = new Set<string>();
    const kept: string[] = [];
    for (const id of on) {
      const holding = [id, ALL_LISTS].filter((row) => before.rows.has(row));
      if (holding.length === 0) continue;
      if (holding.every(may)) for (const row of holding) remove.add(row);
      else kept.push(id);
    }
    const allStays = before.rows.has(ALL_LISTS) && !remove.has(ALL_LISTS);
    const offAfter = (id: string) => allStays || (before.rows.has(id) && !remove.has(id));
    const wasOff = (id: string) => before.all || before.rows.has(id);
    // Lists the lifted `*` held off stay off by a row of their own, unless they were asked back.
    const add = listIds.filter((id) => !on.has(id) && !offAfter(id) && (others === 'off' || wasOff(id)));
    return { action, add, remove: [...remove], kept };
  };

  const action = form.get('action')?.[0];
  switch (action) {
    case 'list':
      return { action, add: [claims.list], remove: [], kept: [] };
    case 'all':
      return { action, add: [ALL_LISTS], remove: [], kept: [] };
    case 'resubscribe':
      return backOn(action, new Set([claims.list]), 'as-they-are');
    case 'preferences': {
      const on = new Set((form.get('subscribed') ?? []).filter((id) => listIds.includes(id)));
      return backOn(action, on, 'off');
    }
    case 'restore': {
      const was = new Set((form.get('was') ?? []).filter((id) => id === ALL_LISTS || listIds.includes(id)));
      const extra = [...before.rows].filter((id) => !was.has(id));
      return {
        action,
        add: [...was].filter((id) => !before.rows.has(id)),
        remove: extra.filter(may),
        kept: extra.filter((id) => !may(id)),
      };
    }
    default:
      return undefined;
  }
}
