import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES } from '../../store/requests.ts';
import {
  MAIL_LOCALES,
  type MailContext,
  NOTIFIED_STATUSES,
  REQUEST_TYPES,
  type RenderedMail,
  renderEditedText,
  renderMail,
  resolveMailLocale,
  type TemplateData,
  type TemplateName,
} from './index.ts';

const XSS = '<script>alert(1)</script>';
const company = {
  name: 'Tidewater & Sons',
  legalName: 'Tidewater Küstenfahrt GmbH',
  address: 'Hafenstraße 1\n20457 Hamburg',
  privacyContact: 'privacy@tidewater.example',
  website: 'https://tidewater.example',
};
const context = (locale: string): MailContext => ({
  locale,
  timeZone: 'Europe/Berlin',
  baseUrl: 'https://www.tidewater.example/',
  company,
});
// 23:30 UTC is already the next day in Berlin: dates must be shown in the context's time zone.
const due = new Date('2026-12-23T23:30:00Z');
const expires = new Date('2026-11-24T08:30:00Z');
const REF = 'PR-2026-0042';

const samples: { [K in TemplateName]: TemplateData[K] } = {
  verify: { type: 'erase', token: 'tok_ABC-123', expiresAt: expires },
  receipt: { reference: REF, type: 'access', receivedAt: new Date('2026-11-23T10:00:00Z'), dueAt: due },
  status: { reference: REF, type: 'rectify', status: 'in_progress' },
  extension: { reference: REF, type: 'port', dueAt: due, reason: `Many systems ${XSS}` },
  completed: {
    reference: REF,
    type: 'access',
    download: {
      url: 'https://www.tidewater.example/privacy-requests/download/d1',
      expiresAt: expires,
    },
  },
  download_code: { reference: REF, code: 'K7-4QX9', expiresAt: expires },
  arrived: { items: [{ id: 'r1', reference: REF, type: 'erase', dueAt: due }], daily: false },
  rejected: { reference: REF, type: 'object', reasons: [`Manifestly unfounded ${XSS}`, 'Second reason'] },
  reminder: {
    overdue: [{ reference: REF, type: 'erase', dueAt: due }],
    dueIn2Days: [],
    dueIn7Days: [{ reference: 'PR-2026-0050', type: 'port', dueAt: due }],
  },
};

function render<K extends TemplateName>(name: K, locale: string): RenderedMail {
  return renderMail(name, samples[name], context(locale));
}

const names = Object.keys(samples) as TemplateName[];
const cases = MAIL_LOCALES.flatMap((locale) => names.map((name) => [locale, name] as const));

describe.each(cases)('%s %s mail', (locale, name) => {
  const mail = render(name, locale);

  it('renders a subject, a text body and an HTML document in its language', () => {
    expect(mail.subject.length).toBeGreaterThan(10);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${locale}">`));
    // Plain text: no markup of its own (staff-written text is kept verbatim, see below).
    expect(mail.text.replaceAll(XSS, '')).not.toMatch(/<\/?[a-z]+[ >]/);
  });

  it('carries the company footer from the config in text and HTML, escaped', () => {
    for (const value of [
      company.legalName,
      'Hafenstraße 1',
      '20457 Hamburg',
      company.privacyContact,
      company.website,
    ]) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(value);
    }
    expect(mail.text).toContain('\n-- \n');
  });

  it('never lets an interpolated value become markup', () => {
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('Tidewater & Sons');
    if (mail.text.includes('Tidewater & Sons')) expect(mail.html).toContain('Tidewater &amp; Sons');
  });

  it('names the request by its reference (or, for verify, the link)', () => {
    const key = name === 'verify' ? 'https://www.tidewater.example/privacy-requests/verify/tok_ABC-123' : REF;
    expect(mail.text).toContain(key);
    expect(mail.html).toContain(key);
    if (name !== 'verify' && name !== 'reminder') expect(mail.subject).toContain(REF);
  });
});

describe('privacy-request mail content', () => {
  it.each([
    ['en', '24 December 2026'],
    ['de', '24. Dezember 2026'],
  ])('%s: the due date is in the locale and the time zone given', (locale, date) => {
    for (const name of ['receipt', 'extension'] as const) {
      const mail = render(name, locale);
      expect(mail.text).toContain(date);
      expect(mail.html).toContain(date);
      expect(mail.text).not.toMatch(/23(\.)? (December|Dezember)/);
    }
  });

  it.each([
    ['en', '24 November 2026 at 09:30 CET', /ignore this email/, /valid for 24 hours/],
    ['de', '24. November 2026 um 09:30 MEZ', /ignorieren Sie diese E-Mail/, /24 Stunden gültig/],
  ])('%s verify: link expiry with time, "ignore if not you", no reference', (locale, expiry, ignore, validity) => {
    const mail = render('verify', locale);
    expect(mail.text).toContain(expiry);
    expect(mail.text).toMatch(ignore);
    expect(mail.text).toMatch(validity);
    expect(mail.html).toContain('href="https://www.tidewater.example/privacy-requests/verify/tok_ABC-123"');
  });

  it('escapes staff-written reasons in HTML and keeps them verbatim in text', () => {
    for (const locale of MAIL_LOCALES) {
      for (const name of ['extension', 'rejected'] as const) {
        const mail = render(name, locale);
        expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(mail.text).toContain(XSS);
      }
    }
  });

  it('completed access mail has the download link but not the code, which comes in a mail of its own', () => {
    const access = render('completed', 'en');
    expect(access.text).toContain('https://www.tidewater.example/privacy-requests/download/d1');
    expect(access.html).toContain('href="https://www.tidewater.example/privacy-requests/download/d1"');
    expect(access.text).not.toContain('K7-4QX9');
    expect(access.text).toContain('we send in a separate email');
    expect(access.text).toContain('24 November 2026 at 09:30 CET');
    const code = render('download_code', 'en');
    expect(code.text).toContain('Download code: K7-4QX9');
    expect(code.text).not.toContain('/privacy-requests/download/');
    const erase = renderMail('completed', { reference: REF, type: 'erase' }, context('de'));
    expect(erase.text).toContain('Löschung Ihrer Daten');
    expect(erase.text).not.toContain('Download');
  });

  it.each([
    ['en', /suppression list for every mailing list/],
    ['de', /Sperrliste/],
  ])('the %s erase mail says the address is kept, hashed, so that no marketing reaches it', (locale, said) => {
    expect(renderMail('completed', { reference: REF, type: 'erase' }, context(locale)).text).toMatch(said);
    expect(renderMail('completed', { reference: REF, type: 'restrict' }, context(locale)).text).not.toMatch(said);
  });

  it.each([
    ['en', /supervisory authority/, /judicial remedy/],
    ['de', /Aufsichtsbehörde/, /gerichtlichen Rechtsbehelf/],
  ])('%s rejected: lists the reasons and the rights of Art. 12(4)', (locale, complain, remedy) => {
    const mail = render('rejected', locale);
    expect(mail.text).toMatch(complain);
    expect(mail.text).toMatch(remedy);
    expect(mail.text).toMatch(/Art\. 77/);
    expect(mail.text).toContain('- Second reason');
    expect(mail.html).toContain('<li>Second reason</li>');
  });

  it.each([
    [
      'en',
      '2 privacy requests need attention (1 overdue)',
      'Overdue (1)',
      'Due within 7 days (1)',
      'Due within 2 days',
    ],
    [
      'de',
      '2 Datenschutzanfragen erfordern Aufmerksamkeit (1 überfällig)',
      'Überfällig (1)',
      'Fällig in den nächsten 7 Tagen (1)',
      'Fällig in den nächsten 2 Tagen',
    ],
  ])(
    '%s reminder: counts, groups, due dates and the admin link; empty groups left out',
    (locale, subject, overdue, week, empty) => {
      const mail = render('reminder', locale);
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(overdue);
      expect(mail.text).toContain(week);
      expect(mail.text).not.toContain(empty);
      expect(mail.text).toContain('PR-2026-0050');
      expect(mail.text).toContain('https://www.tidewater.example/admin/requests');
      const one = renderMail(
        'reminder',
        { overdue: [], dueIn2Days: [{ reference: REF, type: 'erase', dueAt: due }], dueIn7Days: [] },
        context(locale),
      );
      expect(one.subject).toMatch(/^1 (privacy request needs|Datenschutzanfrage erfordert) /);
    },
  );

  it('German mails are German and English ones English', () => {
    const pairs = [
      ['receipt', 'Referenznummer', 'Reference'],
      ['status', 'In Bearbeitung', 'In progress'],
      ['extension', 'Neue Frist', 'New due date'],
    ] as const;
    for (const [name, german, english] of pairs) {
      expect(render(name, 'de').text).toContain(german);
      expect(render(name, 'de').text).not.toContain(english);
      expect(render(name, 'en').text).toContain(english);
    }
    expect(render('verify', 'de').subject).toMatch(/^Bitte bestätigen Sie Ihre Datenschutzanfrage/);
  });

  it('every request type has a distinct name in each locale', () => {
    for (const locale of MAIL_LOCALES) {
      const seen = REQUEST_TYPES.map(
        (type) =>
          renderMail('status', { reference: REF, type, status: 'verified' }, context(locale)).text.match(
            /(?:Request|Anfrage): (.+)/,
          )?.[1],
      );
      expect(new Set(seen).size).toBe(REQUEST_TYPES.length);
      expect(seen.every((n) => n !== undefined)).toBe(true);
    }
  });

  it.each([
    ['de-AT', 'de'],
    ['DE_ch', 'de'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('locale %j is rendered as %s', (given, used) => {
    expect(resolveMailLocale(given)).toBe(used);
    expect(render('receipt', given).html).toContain(`<html lang="${used}">`);
  });

  it('refuses a link that is not http(s)', () => {
    const data = {
      reference: REF,
      type: 'port',
      download: { url: 'javascript:alert(1)', code: 'x', expiresAt: expires },
    } as const;
    expect(() => renderMail('completed', data, context('en'))).toThrow(TypeError);
  });

  it('a status mail exists for every status of the store but unverified, with a distinct name per locale', () => {
    expect([...NOTIFIED_STATUSES]).toEqual(REQUEST_STATUSES.filter((s) => s !== 'unverified'));
    for (const locale of MAIL_LOCALES) {
      const names = NOTIFIED_STATUSES.map(
        (status) =>
          renderMail('status', { reference: REF, type: 'access', status }, context(locale)).text.match(
            /(?:New status|Neuer Status): (.+)/,
          )?.[1],
      );
      expect(names.every((n) => n !== undefined && n !== 'undefined')).toBe(true);
      expect(new Set(names).size).toBe(NOTIFIED_STATUSES.length);
    }
  });

  it('an edited text goes out as written, and escaped paragraphs in HTML', () => {
    const mail = renderEditedText('Subject', `Hello,\r\n\r\n${XSS}\nsecond line`, 'de');
    expect(mail.text).toBe(`Hello,\n\n${XSS}\nsecond line\n`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>second line');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.subject).toBe('Subject');
  });
});
