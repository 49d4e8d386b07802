import { normaliseEmail } from '@candor/mail-links';
import { describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import { demoConfig, testLinkKeys } from '../testing.ts';
import { createUnsubscribe } from '../unsubscribe/service.ts';
import {
  createIntake,
  type IntakeOptions,
  newToken,
  type ParseOptions,
  parseSubmission,
  pickLocale,
  sha256Hex,
  VERIFICATION_MAILS_PER_HOUR,
} from './intake.ts';

const options: ParseOptions = { strict: true, defaultJurisdiction: 'gdpr', normalise: normaliseEmail };

describe('parseSubmission', () => {
  it('normalises the email, trims texts, and empties to null', () => {
    const result = parseSubmission(
      { type: 'erase', email: '  Ada@Example.COM ', details: '  ', jurisdiction: '', website: '' },
      options,
    );
    expect(result).toEqual({
      ok: true,
      submission: {
        type: 'erase',
        email: 'ada@example.com',
        details: null,
        rectification: null,
        jurisdiction: 'gdpr',
        locale: 'en',
        bot: false,
      },
    });
  });

  it('takes the default jurisdiction from the config and keeps the correction only for rectify', () => {
    const ccpa = { ...options, defaultJurisdiction: 'ccpa' as const };
    const rectify = parseSubmission({ type: 'rectify', email: 'a@example.com', rectification: ' Ada ' }, ccpa);
    expect(rectify.ok && rectify.submission).toMatchObject({ jurisdiction: 'ccpa', rectification: 'Ada' });
    const access = parseSubmission({ type: 'access', email: 'a@example.com', rectification: 'Ada' }, ccpa);
    expect(access.ok && access.submission.rectification).toBeNull();
  });

  it.each([
    ['https://spam.example', true],
    [' ', false],
    [0, true],
    [null, false],
  ])('a honeypot of %j marks a bot: %s', (website, bot) => {
    const result = parseSubmission({ type: 'access', email: 'a@example.com', website }, options);
    expect(result.ok && result.submission.bot).toBe(bot);
  });

  it('refuses unknown fields only when strict (JSON)', () => {
    const body = { type: 'access', email: 'a@example.com', submit: 'Send' };
    expect(parseSubmission(body, options)).toEqual({
      ok: false,
      errors: [{ field: 'submit', message: 'is not a field of this form.' }],
    });
    expect(parseSubmission(body, { ...options, strict: false }).ok).toBe(true);
  });
});

describe('pickLocale', () => {
  it.each([
    ['de', undefined, 'de'],
    ['DE_ch', undefined, 'de'],
    ['fr', 'de-DE,de;q=0.9', 'de'],
    [undefined, 'fr;q=1, de;q=0.3, en;q=0.7', 'en'],
    [undefined, 'fr, de;q=0', 'en'],
    [undefined, undefined, 'en'],
  ])('body %s, Accept-Language %s → %s', (body, header, locale) => {
    expect(pickLocale(body, header)).toBe(locale);
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url, and the store gets their SHA-256 in hex', async () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the hourly cap on verification mails', () => {
  function intakeWith(mailsPerHour: number) {
    let now = Date.parse('2026-03-10T09:00:00.000Z');
    const records = createMemoryRecordStore();
    const { keyring, peppers } = testLinkKeys;
    const unsubscribe = createUnsubscribe({ config: demoConfig, records, keyring, peppers, now: () => now });
    const logged: { level: string; fields: unknown; message: string }[] = [];
    const log = (level: string) => (fields: object, message: string) => void logged.push({ level, fields, message });
    const logger: IntakeOptions['logger'] = { error: log('error'), warn: log('warn') };
    const intake = createIntake({ config: demoConfig, records, unsubscribe, now: () => now }, { mailsPerHour, logger });
    const submit = (i: number) =>
      intake.submit(
        {
          type: 'access',
          email: `p${i}@example.com`,
          details: null,
          rectification: null,
          jurisdiction: 'gdpr',
          locale: 'en',
          bot: false,
        },
        'https://www.example.com',
      );
    const mails = async () => (await records.mailQueue.counts()).pending;
    const advance = (ms: number) => {
      now += ms;
    };
    return { records, logged, submit, mails, advance };
  }

  it('files every request past the cap without a mail, and logs once, loudly, then once when mail flows again', async () => {
    const { records, logged, submit, mails, advance } = intakeWith(VERIFICATION_MAILS_PER_HOUR_TEST);
    for (let i = 0; i < VERIFICATION_MAILS_PER_HOUR_TEST + 5; i++) await submit(i);
    expect(await mails()).toBe(VERIFICATION_MAILS_PER_HOUR_TEST);
    expect(await records.requests.count()).toBe(VERIFICATION_MAILS_PER_HOUR_TEST + 5);
    expect(logged).toEqual([
      {
        level: 'error',
        fields: { cap: VERIFICATION_MAILS_PER_HOUR_TEST },
        message: expect.stringContaining('reached the hourly cap of 4'),
      },
    ]);
    advance(60 * 60 * 1000);
    await submit(100);
    expect(await mails()).toBe(VERIFICATION_MAILS_PER_HOUR_TEST + 1);
    expect(logged.at(-1)).toMatchObject({ level: 'warn', fields: { filedWithoutMail: 5 } });
    expect(JSON.stringify(logged)).not.toContain('@example.com');
  });

  it('defaults to 100 an hour', () => {
    expect(VERIFICATION_MAILS_PER_HOUR).toBe(100);
  });
});

const VERIFICATION_MAILS_PER_HOUR_TEST = 4;

describe('confirm', () => {
  it('confirms nothing when a repeat submission changes the request between reading and verifying it', async () => {
    const now = () => Date.parse('2026-03-10T09:00:00.000Z');
    const store = createMemoryRecordStore();
    const { keyring, peppers } = testLinkKeys;
    const unsubscribe = createUnsubscribe({ config: demoConfig, records: store, keyring, peppers, now });
    const base = { type: 'erase', email: 'ada@example.com', rectification: null, locale: 'en', bot: false } as const;
    let between: (() => Promise<unknown>) | undefined;
    // A store whose verify lets a repeat submission in first, as a concurrent request could.
    const records = {
      ...store,
      requests: {
        ...store.requests,
        verify: async (...args: Parameters<typeof store.requests.verify>) => {
          await between?.();
          return store.requests.verify(...args);
        },
      },
    };
    const intake = createIntake({ config: demoConfig, records, unsubscribe, now });
    const url = 'https://www.example.com';
    for (let i = 0; i < 3; i++) await intake.submit({ ...base, details: 'Mine.', jurisdiction: 'gdpr' }, url);
    const [mail] = await store.mailQueue.due(new Date(now()), 10);
    const token = /verify\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] ?? '';
    // Over the budget, so the repeat keeps the token and changes the content.
    between = () => intake.submit({ ...base, details: 'Someone else’s.', jurisdiction: 'ccpa' }, url);
    const result = await intake.confirm(token, url);
    expect(result).toMatchObject({ status: 'changed', request: { details: 'Someone else’s.', jurisdiction: 'ccpa' } });
    expect((await store.requests.list({ limit: 1 }))[0]?.status).toBe('unverified');
  });
});

describe('submit', () => {
  it('sends a repeat with budget left a new link at once, on a clock that moves between reads', async () => {
    let t = Date.parse('2026-03-10T09:00:00.000Z');
    const now = () => t++;
    const records = createMemoryRecordStore();
    const { keyring, peppers } = testLinkKeys;
    const unsubscribe = createUnsubscribe({ config: demoConfig, records, keyring, peppers, now });
    const intake = createIntake({ config: demoConfig, records, unsubscribe, now });
    const s = { type: 'erase', email: 'ada@example.com', details: null, rectification: null, bot: false } as const;
    expect(await intake.submit({ ...s, jurisdiction: 'gdpr', locale: 'en' }, 'https://www.example.com')).toBe(
      'created',
    );
    expect(await intake.submit({ ...s, jurisdiction: 'ccpa', locale: 'de' }, 'https://www.example.com')).toBe(
      'refreshed',
    );
    const due = await records.mailQueue.due(new Date(t), 10);
    expect(due.map((m) => m.subject)).toHaveLength(1);
  });
});
