import type { Block, Catalog, ReminderItem } from './types.ts';

// Formal address ("Sie"), as German companies write to customers.
export const de: Catalog = {
  intl: 'de-DE',
  types: {
    access: 'Auskunft über Ihre Daten (Art. 15 DSGVO)',
    rectify: 'Berichtigung Ihrer Daten (Art. 16 DSGVO)',
    erase: 'Löschung Ihrer Daten (Art. 17 DSGVO)',
    restrict: 'Einschränkung der Verarbeitung (Art. 18 DSGVO)',
    port: 'Herausgabe Ihrer Daten in übertragbarer Form (Art. 20 DSGVO)',
    object: 'Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)',
  },
  statuses: {
    verified: 'Bestätigt',
    in_progress: 'In Bearbeitung',
    awaiting_systems: 'Wartet auf Antworten unserer anderen Systeme',
    extended: 'Frist verlängert',
    completed: 'Abgeschlossen',
    rejected: 'Abgelehnt',
  },
  footer: {
    contact: 'Datenschutzkontakt',
    website: 'Website',
    reason: 'Diese E-Mail betrifft eine Datenschutzanfrage nach der DSGVO.',
  },

  verify: (d, h) => ({
    subject: `Bitte bestätigen Sie Ihre Datenschutzanfrage – ${h.company.name}`,
    blocks: [
      {
        kind: 'p',
        text: `Bei ${h.company.name} ist für diese E-Mail-Adresse eine Datenschutzanfrage eingegangen. Bitte bestätigen Sie, dass sie von Ihnen stammt, damit wir sie bearbeiten können.`,
      },
      { kind: 'facts', rows: [['Anfrage', h.type(d.type)]] },
      {
        kind: 'link',
        label: 'Anfrage bestätigen',
        url: h.url(`/privacy-requests/verify/${encodeURIComponent(d.token)}`),
      },
      { kind: 'p', text: `Der Link ist 24 Stunden gültig, bis ${h.dateTime(d.expiresAt)}.` },
      {
        kind: 'p',
        text: 'Falls Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung geschieht nichts.',
      },
    ],
  }),

  receipt: (d, h) => ({
    subject: `Ihre Datenschutzanfrage ${d.reference} ist eingegangen`,
    blocks: [
      { kind: 'p', text: `Vielen Dank. Ihre Anfrage ist bestätigt und wird von ${h.company.name} bearbeitet.` },
      {
        kind: 'facts',
        rows: [
          ['Referenznummer', d.reference],
          ['Anfrage', h.type(d.type)],
          ['Eingegangen am', h.date(d.receivedAt)],
          ['Antwort spätestens bis', h.date(d.dueAt)],
        ],
      },
      {
        kind: 'p',
        text: `Bitte geben Sie die Referenznummer ${d.reference} an, wenn Sie uns zu dieser Anfrage schreiben.`,
      },
    ],
  }),

  status: (d, h) => ({
    subject: `Ihre Datenschutzanfrage ${d.reference}: ${de.statuses[d.status]}`,
    blocks: [
      { kind: 'p', text: 'Der Status Ihrer Anfrage hat sich geändert.' },
      {
        kind: 'facts',
        rows: [
          ['Referenznummer', d.reference],
          ['Anfrage', h.type(d.type)],
          ['Neuer Status', de.statuses[d.status]],
        ],
      },
      {
        kind: 'p',
        text: `Bei Fragen antworten Sie auf diese E-Mail oder schreiben Sie an ${h.company.privacyContact}.`,
      },
    ],
  }),

  extension: (d, h) => ({
    subject: `Wir benötigen mehr Zeit für Ihre Datenschutzanfrage ${d.reference}`,
    blocks: [
      {
        kind: 'p',
        text: 'Wir benötigen mehr Zeit, um Ihre Anfrage zu beantworten. Nach Art. 12 Abs. 3 DSGVO kann die Frist um höchstens zwei weitere Monate verlängert werden, wenn dies unter Berücksichtigung der Komplexität und der Anzahl von Anträgen erforderlich ist.',
      },
      {
        kind: 'facts',
        rows: [
          ['Referenznummer', d.reference],
          ['Anfrage', h.type(d.type)],
          ['Neue Frist', h.date(d.dueAt)],
        ],
      },
      { kind: 'heading', text: 'Begründung' },
      { kind: 'p', text: d.reason },
      { kind: 'p', text: 'Wir antworten spätestens bis zur neuen Frist.' },
    ],
  }),

  download_code: (d, h) => ({
    subject: `Ihr Download-Code für ${d.reference} – ${h.company.name}`,
    blocks: [
      {
        kind: 'p',
        text: 'Hier ist der Code für den Download-Link aus unserer anderen E-Mail. Geben Sie ihn auf der Download-Seite ein und behalten Sie ihn für sich.',
      },
      {
        kind: 'facts',
        rows: [
          ['Download-Code', d.code],
          ['Referenznummer', d.reference],
          ['Verfügbar bis', h.dateTime(d.expiresAt)],
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
              text: 'Ihre Daten stehen zum Herunterladen bereit. Die Download-Seite fragt nach einem Code, den wir Ihnen in einer separaten E-Mail senden.',
            },
            { kind: 'link', label: 'Daten herunterladen', url: d.download.url },
            { kind: 'facts', rows: [['Verfügbar bis', h.dateTime(d.download.expiresAt)]] },
            { kind: 'p', text: 'Danach wird die Datei gelöscht. Sie können jederzeit eine neue Anfrage stellen.' },
          ]
        : [];
    return {
      subject: `Ihre Datenschutzanfrage ${d.reference} ist abgeschlossen`,
      blocks: [
        { kind: 'p', text: 'Wir haben Ihre Anfrage bearbeitet.' },
        {
          kind: 'facts',
          rows: [
            ['Referenznummer', d.reference],
            ['Anfrage', h.type(d.type)],
          ],
        },
        ...download,
        ...(d.type === 'erase'
          ? [
              {
                kind: 'p' as const,
                text: 'Wir haben Ihre Adresse für alle Verteiler auf unsere Sperrliste gesetzt, nur als verschlüsselten Hash, der sich nicht in die Adresse zurückverwandeln lässt, damit Sie keine Werbe-E-Mails mehr erhalten.',
              },
            ]
          : []),
        {
          kind: 'p',
          text: `Bei Fragen antworten Sie auf diese E-Mail oder schreiben Sie an ${h.company.privacyContact}.`,
        },
      ],
    };
  },

  rejected: (d, h) => ({
    subject: `Ihre Datenschutzanfrage ${d.reference}: Wir können ihr nicht nachkommen`,
    blocks: [
      { kind: 'p', text: 'Wir haben Ihre Anfrage geprüft und können ihr aus folgenden Gründen nicht nachkommen:' },
      { kind: 'list', items: d.reasons },
      {
        kind: 'facts',
        rows: [
          ['Referenznummer', d.reference],
          ['Anfrage', h.type(d.type)],
        ],
      },
      {
        kind: 'p',
        text: 'Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren, insbesondere in dem EU-Mitgliedstaat Ihres Aufenthaltsorts, Ihres Arbeitsplatzes oder des Orts des mutmaßlichen Verstoßes (Art. 77 DSGVO), und einen gerichtlichen Rechtsbehelf einzulegen (Art. 79 DSGVO).',
      },
    ],
  }),

  arrived: (d, h) => {
    const item = (r: ReminderItem) => `${r.reference} – ${h.type(r.type)} – fällig am ${h.date(r.dueAt)}`;
    const [first] = d.items;
    const one = !d.daily && d.items.length === 1 && first;
    return {
      subject: one
        ? `Neue Datenschutzanfrage ${first.reference}: ${h.type(first.type)}`
        : `${d.items.length} neue ${d.items.length === 1 ? 'Datenschutzanfrage' : 'Datenschutzanfragen'} bestätigt`,
      blocks: [
        {
          kind: 'p',
          text: one
            ? `Eine Datenschutzanfrage bei ${h.company.name} wurde von der anfragenden Person bestätigt. Die Frist läuft ab jetzt.`
            : `Diese Datenschutzanfragen bei ${h.company.name} wurden seit der letzten Übersicht bestätigt.`,
        },
        { kind: 'list', items: d.items.map(item) },
        { kind: 'link', label: 'Anfragen öffnen', url: h.url(one ? `/admin/requests/${first.id}` : '/admin/requests') },
      ],
    };
  },

  reminder: (d, h) => {
    const total = d.overdue.length + d.dueIn2Days.length + d.dueIn7Days.length;
    const overdue = d.overdue.length > 0 ? ` (${d.overdue.length} überfällig)` : '';
    const item = (r: ReminderItem) => `${r.reference} – ${h.type(r.type)} – fällig am ${h.date(r.dueAt)}`;
    const groups = [
      ['Überfällig', d.overdue],
      ['Fällig in den nächsten 2 Tagen', d.dueIn2Days],
      ['Fällig in den nächsten 7 Tagen', d.dueIn7Days],
    ] as const;
    return {
      subject: `${total} ${total === 1 ? 'Datenschutzanfrage erfordert' : 'Datenschutzanfragen erfordern'} Aufmerksamkeit${overdue}`,
      blocks: [
        {
          kind: 'p',
          text: `Diese Datenschutzanfragen bei ${h.company.name} sind bald fällig oder überfällig.`,
        },
        ...groups
          .filter(([, items]) => items.length > 0)
          .flatMap(([title, items]): Block[] => [
            { kind: 'heading', text: `${title} (${items.length})` },
            { kind: 'list', items: items.map(item) },
          ]),
        { kind: 'link', label: 'Anfragen öffnen', url: h.url('/admin/requests') },
      ],
    };
  },
};
