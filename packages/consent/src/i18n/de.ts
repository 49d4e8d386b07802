import type { Messages } from './messages.ts';

export const de: Messages = {
  dialog: 'Cookie-Einwilligung',
  text: 'Optionale Cookies für Präferenzen, Statistik und Marketing setzen wir nur mit Ihrer Einwilligung. Sie können Ihre Wahl jederzeit ändern.',
  privacy: 'Datenschutzerklärung',
  cookies: 'Cookie-Richtlinie',
  acceptAll: 'Alle akzeptieren',
  rejectAll: 'Alle ablehnen',
  customize: 'Anpassen',
  settings: 'Cookie-Einstellungen',
  save: 'Auswahl speichern',
  close: 'Schließen',
  alwaysOn: 'Immer aktiv',
  record: 'Meinen Einwilligungsnachweis herunterladen',
  gpc: 'Marketing-Cookies sind deaktiviert, weil Ihr Browser das Signal „Global Privacy Control“ sendet.',
  blocked: 'Dieser Inhalt kann Cookies setzen.',
  only: 'Immer erlauben aktiviert nur:',
  once: 'Einmal laden',
  always: 'Immer erlauben',
  necessary: [
    'Unbedingt erforderlich',
    'Nötig, damit die Website funktioniert und Ihre Cookie-Auswahl gespeichert bleibt.',
  ],
  preferences: ['Präferenzen', 'Speichern Einstellungen wie Ihre Sprache.'],
  analytics: ['Statistik', 'Helfen uns zu verstehen, wie die Website genutzt wird.'],
  marketing: ['Marketing', 'Helfen uns, auf Ihr Interesse einzugehen und unsere Kampagnen zu messen.'],
};
