import type { Block, Catalog, ReminderItem } from './types.ts';

export const en: Catalog = {
  // British English dates ("24 November 2026"), as usual for European recipients.
  intl: 'en-GB',
  types: {
    access: 'Access to your data (Art. 15 GDPR)',
    rectify: 'Correction of your data (Art. 16 GDPR)',
    erase: 'Deletion of your data (Art. 17 GDPR)',
    restrict: 'Restriction of processing (Art. 18 GDPR)',
    port: 'A portable copy of your data (Art. 20 GDPR)',
    object: 'Objection to processing (Art. 21 GDPR)',
  },
  statuses: {
    verified: 'Confirmed',
    in_progress: 'In progress',
    awaiting_systems: 'Waiting for answers from our other systems',
    extended: 'Deadline extended',
    completed: 'Completed',
    rejected: 'Rejected',
  },
  footer: {
    contact: 'Privacy contact',
    website: 'Website',
    reason: 'This email is about a privacy request under the GDPR.',
  },

  verify: (d, h) => ({
    subject: `Please confirm your privacy request – ${h.company.name}`,
    blocks: [
      {
        kind: 'p',
        text: `${h.company.name} received a privacy request for this email address. Please confirm that it was you, so that we can start working on it.`,
      },
      { kind: 'facts', rows: [['Request', h.type(d.type)]] },
      {
        kind: 'link',
        label: 'Confirm my request',
        url: h.url(`/privacy-requests/verify/${encodeURIComponent(d.token)}`),
      },
      { kind: 'p', text: `The link is valid for 24 hours, until ${h.dateTime(d.expiresAt)}.` },
      { kind: 'p', text: "If this wasn't you, ignore this email: nothing happens without a confirmation." },
    ],
  }),

  receipt: (d, h) => ({
    subject: `We received your privacy request ${d.reference}`,
    blocks: [
      { kind: 'p', text: `Thank you. Your request is confirmed and ${h.company.name} is working on it.` },
      {
        kind: 'facts',
        rows: [
          ['Reference', d.reference],
          ['Request', h.type(d.type)],
          ['Received', h.date(d.receivedAt)],
          ['Answer due by', h.date(d.dueAt)],
        ],
      },
      {
        kind: 'p',
        text: `Please quote the reference ${d.reference} if you write to us about this request.`,
      },
    ],
  }),

  status: (d, h) => ({
    subject: `Your privacy request ${d.reference}: ${en.statuses[d.status]}`,
    blocks: [
      { kind: 'p', text: 'The status of your request has changed.' },
      {
        kind: 'facts',
        rows: [
          ['Reference', d.reference],
          ['Request', h.type(d.type)],
          ['New status', en.statuses[d.status]],
        ],
      },
      { kind: 'p', text: `If you have questions, reply to this email or write to ${h.company.privacyContact}.` },
    ],
  }),

  extension: (d, h) => ({
    subject: `We need more time for your privacy request ${d.reference}`,
    blocks: [
      {
        kind: 'p',
        text: 'We need more time to answer your request. Art. 12(3) GDPR allows the deadline to be extended by up to two further months where necessary, taking into account the complexity and number of requests.',
      },
      {
        kind: 'facts',
        rows: [
          ['Reference', d.reference],
          ['Request', h.type(d.type)],
          ['New due date', h.date(d.dueAt)],
        ],
      },
      { kind: 'heading', text: 'Why' },
      { kind: 'p', text: d.reason },
      { kind: 'p', text: 'We will answer by the new due date at the latest.' },
    ],
  }),

  download_code: (d, h) => ({
    subject: `Your download code for ${d.reference} – ${h.company.name}`,
    blocks: [
      {
        kind: 'p',
        text: 'Here is the code for the download link in our other email. Enter it on the download page; keep it to yourself.',
      },
      {
        kind: 'facts',
        rows: [
          ['Download code', d.code],
          ['Reference', d.reference],
          ['Available until', h.dateTime(d.expiresAt)],
        ],
      },
    ],
  }),

  completed: (d, h) => {
    const download: Block[] =
      'download' in d
        ? [
            {
              kind: 'p',
              text: 'Your data is ready to download. The download page asks for a code, which we send in a separate email.',
            },
            { kind: 'link', label: 'Download your data', url: d.download.url },
            { kind: 'facts', rows: [['Available until', h.dateTime(d.download.expiresAt)]] },
            { kind: 'p', text: 'After that, the file is deleted. You can make a new request at any time.' },
          ]
        : [];
    return {
      subject: `Your privacy request ${d.reference} is complete`,
      blocks: [
        { kind: 'p', text: 'We have completed your request.' },
        {
          kind: 'facts',
          rows: [
            ['Reference', d.reference],
            ['Request', h.type(d.type)],
          ],
        },
        ...download,
        ...(d.type === 'erase'
          ? [
              {
                kind: 'p' as const,
                text: 'We have added your address to our suppression list for every mailing list, kept only as a keyed hash that cannot be turned back into it, so that no further marketing email reaches you.',
              },
            ]
          : []),
        { kind: 'p', text: `If you have questions, reply to this email or write to ${h.company.privacyContact}.` },
      ],
    };
  },

  rejected: (d, h) => ({
    subject: `Your privacy request ${d.reference}: we cannot act on it`,
    blocks: [
      { kind: 'p', text: 'We have reviewed your request and cannot act on it, for these reasons:' },
      { kind: 'list', items: d.reasons },
      {
        kind: 'facts',
        rows: [
          ['Reference', d.reference],
          ['Request', h.type(d.type)],
        ],
      },
      {
        kind: 'p',
        text: 'You have the right to lodge a complaint with a supervisory authority, in particular in the EU member state where you live, work or where the alleged infringement took place (Art. 77 GDPR), and to seek a judicial remedy (Art. 79 GDPR).',
      },
    ],
  }),

  arrived: (d, h) => {
    const item = (r: ReminderItem) => `${r.reference} – ${h.type(r.type)} – due ${h.date(r.dueAt)}`;
    const [first] = d.items;
    const one = !d.daily && d.items.length === 1 && first;
    return {
      subject: one
        ? `New privacy request ${first.reference}: ${h.type(first.type)}`
        : `${d.items.length} new privacy ${d.items.length === 1 ? 'request' : 'requests'} confirmed`,
      blocks: [
        {
          kind: 'p',
          text: one
            ? `A privacy request at ${h.company.name} was confirmed by the requester. The deadline runs from now.`
            : `These privacy requests at ${h.company.name} were confirmed since the last summary.`,
        },
        { kind: 'list', items: d.items.map(item) },
        {
          kind: 'link',
          label: 'Open the requests',
          url: h.url(one ? `/admin/requests/${first.id}` : '/admin/requests'),
        },
      ],
    };
  },

  reminder: (d, h) => {
    const total = d.overdue.length + d.dueIn2Days.length + d.dueIn7Days.length;
    const overdue = d.overdue.length > 0 ? ` (${d.overdue.length} overdue)` : '';
    const item = (r: ReminderItem) => `${r.reference} – ${h.type(r.type)} – due ${h.date(r.dueAt)}`;
    const groups = [
      ['Overdue', d.overdue],
      ['Due within 2 days', d.dueIn2Days],
      ['Due within 7 days', d.dueIn7Days],
    ] as const;
    return {
      subject: `${total} privacy ${total === 1 ? 'request needs' : 'requests need'} attention${overdue}`,
      blocks: [
        { kind: 'p', text: `These privacy requests at ${h.company.name} are due soon or overdue.` },
        ...groups
          .filter(([, items]) => items.length > 0)
          .flatMap(([title, items]): Block[] => [
            { kind: 'heading', text: `${title} (${items.length})` },
            { kind: 'list', items: items.map(item) },
          ]),
        { kind: 'link', label: 'Open the requests', url: h.url('/admin/requests') },
      ],
    };
  },
};
