import { describe, expect, it } from 'vitest';
import { rateLimitMailbox } from './mailbox.ts';

describe('rateLimitMailbox', () => {
  it.each([
    ['bob@gmail.com', 'bob@gmail.com'],
    ['Bob@Gmail.COM', 'bob@gmail.com'],
    ['bob+1@gmail.com', 'bob@gmail.com'],
    ['b.o.b@gmail.com', 'bob@gmail.com'],
    ['b.o.b+news+x@gmail.com', 'bob@gmail.com'],
    ['B.ob@googlemail.com', 'bob@gmail.com'],
    ['bob@gmail.com.', 'bob@gmail.com'],
    ['bob+@gmail.com', 'bob@gmail.com'],
  ])('maps the Gmail alias %s to %s', (email, mailbox) => {
    expect(rateLimitMailbox(email)).toBe(mailbox);
  });

  it.each([
    ['ada+crm@example.com', 'ada@example.com'],
    ['Ada.Lovelace+x@Example.com', 'ada.lovelace@example.com'],
    ['a.da@example.com', 'a.da@example.com'],
    ['bob@gmail.co', 'bob@gmail.co'],
    ['b.ob@mail.gmail.com.evil.example', 'b.ob@mail.gmail.com.evil.example'],
  ])('drops only the +tag elsewhere: %s → %s', (email, mailbox) => {
    expect(rateLimitMailbox(email)).toBe(mailbox);
  });

  it('keeps the dots of other domains, so different mailboxes there keep their own budgets', () => {
    expect(rateLimitMailbox('a.b@example.com')).not.toBe(rateLimitMailbox('ab@example.com'));
  });
});
