import type { Messages } from './messages.ts';

export const en: Messages = {
  dialog: 'Cookie consent',
  text: 'We use optional cookies for preferences, analytics and marketing only if you agree. You can change your choice at any time.',
  privacy: 'Privacy policy',
  cookies: 'Cookie policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  settings: 'Cookie settings',
  save: 'Save choices',
  close: 'Close',
  alwaysOn: 'Always on',
  record: 'Download my consent record',
  gpc: 'Marketing cookies are off because your browser sends a Global Privacy Control signal.',
  blocked: 'This content may set cookies. Loading it turns on:',
  load: 'Load content',
  necessary: ['Strictly necessary', 'Needed for the site to work and to remember your cookie choice.'],
  preferences: ['Preferences', 'Remember settings such as your language.'],
  analytics: ['Analytics', 'Help us understand how the site is used.'],
  marketing: ['Marketing', 'Help us follow up on your interest and measure our campaigns.'],
};
