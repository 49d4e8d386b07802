import type { CatalogEntry } from './types.ts';

export const hubspot: CatalogEntry = {
  key: 'hubspot',
  name: 'HubSpot',
  provider: 'HubSpot, Inc.',
  privacyPolicy: 'https://legal.hubspot.com/privacy-policy',
  category: 'marketing',
  purpose: 'Connects visits to form submissions so the sales team can follow up.',
  // The loader (js.hs-scripts.com/<portal>.js) pulls in analytics, the banner, forms and chat. EU
  // data-centre portals use js-eu1.* hosts for the same files.
  origins: [
    'https://js.hs-scripts.com',
    'https://js.hs-analytics.net',
    'https://js.hs-banner.com',
    'https://js.hscollectedforms.net',
    'https://js.hsforms.net',
    'https://js.usemessages.com',
    'https://track.hubspot.com',
    'https://js-eu1.hs-scripts.com',
    'https://js-eu1.hs-analytics.net',
    'https://js-eu1.hs-banner.com',
  ],
  signatures: ['_hsq', 'hbspt.'],
  cookies: [
    { name: '__hstc', duration: '6 months', purpose: 'Tracks visitors across visits.' },
    { name: 'hubspotutk', duration: '6 months', purpose: 'Identifies the visitor to HubSpot forms.' },
    { name: '__hssc', duration: '30 minutes', purpose: 'Counts pages in the current session.' },
    { name: '__hssrc', duration: 'Session', purpose: 'Detects a browser restart.' },
    { name: 'messagesUtk', duration: '6 months', purpose: 'Recognises chat visitors so conversations continue.' },
  ],
  consentMode: [],
};

export const hotjar: CatalogEntry = {
  key: 'hotjar',
  name: 'Hotjar',
  provider: 'Hotjar Ltd.',
  privacyPolicy: 'https://www.hotjar.com/legal/policies/privacy/',
  category: 'analytics',
  purpose: 'Records heatmaps and session replays and runs on-page surveys to improve the site.',
  // Hotjar's CSP guide allows *.hotjar.com, *.hotjar.io and wss://*.hotjar.com (the replay
  // websocket is not an https origin and belongs in `csp.connectSrc` by hand if the site needs it).
  origins: [
    'https://static.hotjar.com',
    'https://script.hotjar.com',
    'https://vars.hotjar.com',
    'https://in.hotjar.com',
    'https://content.hotjar.io',
  ],
  signatures: ['_hjSettings', 'hj('],
  cookies: [
    {
      name: '^_hjSessionUser_',
      pattern: true,
      duration: '365 days',
      purpose: 'Keeps the Hotjar user id for this site.',
    },
    { name: '^_hjSession_', pattern: true, duration: '30 minutes', purpose: 'Joins the pages of the current session.' },
    {
      name: '^_hj',
      pattern: true,
      duration: 'Session to 365 days',
      purpose: 'Other Hotjar state: survey and feedback widgets, sampling and storage tests.',
    },
  ],
  consentMode: [],
};

export const intercom: CatalogEntry = {
  key: 'intercom',
  name: 'Intercom',
  // Intercom contracts with EU customers through its Irish entity; others through Intercom, Inc.
  provider: 'Intercom R&D Unlimited Company',
  privacyPolicy: 'https://www.intercom.com/legal/privacy',
  // Live chat is a feature the visitor chooses to use, so it defaults to `preferences`. A company
  // that also uses Intercom to track leads or run product tours should make it `marketing`.
  category: 'preferences',
  purpose: 'Runs the chat messenger, so visitors can ask questions and keep their conversations.',
  // The messenger also opens a websocket (wss://nexus-websocket-a.intercom.io), which is not an
  // https origin; EU and Australian workspaces use api-iam.eu / api-iam.au hosts.
  origins: [
    'https://widget.intercom.io',
    'https://js.intercomcdn.com',
    'https://api-iam.intercom.io',
    'https://api-iam.eu.intercom.io',
    'https://api-iam.au.intercom.io',
    'https://static.intercomassets.com',
    'https://downloads.intercomcdn.com',
  ],
  signatures: ['Intercom(', 'intercomSettings', 'widget.intercom.io/widget/'],
  cookies: [
    { name: '^intercom-id-', pattern: true, duration: '9 months', purpose: 'Anonymous visitor id for the messenger.' },
    {
      name: '^intercom-session-',
      pattern: true,
      duration: '1 week',
      purpose: 'Keeps the visitor’s conversations available between pages and visits.',
    },
    {
      name: '^intercom-device-id-',
      pattern: true,
      duration: '9 months',
      purpose: 'Identifies the device using the messenger, to prevent abuse.',
    },
  ],
  consentMode: [],
};
