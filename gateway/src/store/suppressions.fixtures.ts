// Shared by the suppression and outbox contract tests and the dispatcher tests.
import type { NewOutboxMessage, SuppressionSource, SuppressionWrite } from './records.ts';

export const T0 = new Date('2026-03-01T09:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A suppression write with one outbox message per target; the email is derived from the hash. */
export function write(
  emailHash: string,
  list: string,
  options: {
    minute?: number;
    source?: SuppressionSource;
    /** The link's list, for a link source; defaults to `list` for a one-click or page write of a list. */
    linkList?: string;
    targets?: string[];
    eventId?: string;
  } = {},
): SuppressionWrite {
  const when = at(options.minute ?? 0);
  const outbox: NewOutboxMessage[] = (options.targets ?? []).map((target) => ({
    eventId: options.eventId ?? `evt-${emailHash}-${list}-${options.minute ?? 0}`,
    type: 'unsubscribe.created',
    target,
    email: `${emailHash}@example.com`,
    list,
    source: options.source ?? 'one-click',
    occurredAt: when,
  }));
  const source = options.source ?? 'one-click';
  const linkList = options.linkList ?? (list === '*' ? undefined : list);
  return { emailHash, list, source, ...(linkList ? { linkList } : {}), at: when, outbox };
}
