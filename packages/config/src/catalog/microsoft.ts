import type { CatalogEntry } from './types.ts';

const MICROSOFT = 'Microsoft Ireland Operations Limited';
const MICROSOFT_PRIVACY = 'https://privacy.microsoft.com/privacystatement';

export const clarity: CatalogEntry = {
  key: 'clarity',
  name: 'Microsoft Clarity',
  provider: MICROSOFT,
  privacyPolicy: MICROSOFT_PRIVACY,
  category: 'analytics',
  purpose: 'Records how visitors move through pages (heatmaps and session replays) to improve the site.',
  // The tag loads from www.clarity.ms/tag/<id>, which loads scripts.clarity.ms. Beacons go to
  // single-letter hosts (<x>.clarity.ms/collect) that change; a strict CSP needs
  // `https://*.clarity.ms` in `csp.connectSrc`.
  origins: ['https://www.clarity.ms', 'https://scripts.clarity.ms', 'https://c.clarity.ms', 'https://c.bing.com'],
  signatures: ['clarity(', 'clarity.ms/tag/'],
  cookies: [
    { name: '_clck', duration: '1 year', purpose: 'Keeps the Clarity user id and preferences.' },
    { name: '_clsk', duration: '1 day', purpose: 'Joins the page views of one session into one recording.' },
    {
      name: 'CLID',
      duration: '1 year',
      purpose: 'Set on clarity.ms: recognises the browser across sites that use Clarity.',
    },
    {
      name: 'ANONCHK',
      duration: '10 minutes',
      purpose: 'Set on c.clarity.ms: tells Bing the MUID cookie is not used.',
    },
    { name: 'MR', duration: '7 days', purpose: 'Set on c.bing.com: decides whether to refresh the MUID cookie.' },
    { name: 'MUID', duration: '1 year', purpose: 'Set on bing.com: identifies the browser to Microsoft.' },
    { name: 'SM', duration: 'Session', purpose: 'Set on c.clarity.ms: syncs the MUID across Microsoft domains.' },
  ],
  // Clarity has a consent API of its own (`clarity('consentv2', { ad_Storage, analytics_Storage })`)
  // that mirrors Google's names; it does not read the page's gtag consent state by itself.
  consentMode: [],
};

export const microsoftUet: CatalogEntry = {
  key: 'microsoft-uet',
  name: 'Microsoft Advertising (UET)',
  provider: MICROSOFT,
  privacyPolicy: MICROSOFT_PRIVACY,
  category: 'marketing',
  purpose: 'Measures conversions from Microsoft Advertising (Bing) ads and builds remarketing lists.',
  origins: ['https://bat.bing.com'],
  signatures: ['uetq', 'bat.bing.com/bat.js'],
  cookies: [
    {
      name: '_uetsid',
      duration: '1 day',
      purpose: 'Joins the visitor’s actions within a day for conversion tracking.',
    },
    {
      name: '_uetvid',
      duration: '13 months',
      purpose: 'Recognises the visitor across visits for conversion tracking.',
    },
    { name: '_uetmsclkid', duration: '90 days', purpose: 'Keeps the click id of the ad that brought the visitor.' },
    // Microsoft's Clarity documentation gives MUID one year; cookie scanners report 390 days.
    { name: 'MUID', duration: '1 year', purpose: 'Set on bing.com: identifies the browser to Microsoft.' },
  ],
  // UET has its own consent mode (`uetq.push('consent', 'default', { ad_storage: 'denied' })`),
  // separate from Google's, so this list stays empty.
  consentMode: [],
};
