import type { CatalogEntry } from './types.ts';

export const metaPixel: CatalogEntry = {
  key: 'meta-pixel',
  name: 'Meta Pixel',
  provider: 'Meta Platforms Ireland Limited',
  privacyPolicy: 'https://www.facebook.com/privacy/policy/',
  category: 'marketing',
  purpose: 'Measures the effect of Facebook and Instagram ads and builds audiences for them.',
  // fbevents.js comes from connect.facebook.net; events (and the <noscript> image) go to www.facebook.com/tr.
  origins: ['https://connect.facebook.net', 'https://www.facebook.com'],
  signatures: ['fbq(', 'fbevents.js'],
  cookies: [
    { name: '_fbp', duration: '90 days', purpose: 'Identifies the browser for ad measurement.' },
    { name: '_fbc', duration: '90 days', purpose: 'Keeps the click id of the ad that brought the visitor.' },
  ],
  consentMode: [],
};

export const linkedinInsight: CatalogEntry = {
  key: 'linkedin-insight',
  name: 'LinkedIn Insight Tag',
  provider: 'LinkedIn Ireland Unlimited Company',
  privacyPolicy: 'https://www.linkedin.com/legal/privacy-policy',
  category: 'marketing',
  purpose: 'Measures LinkedIn ad conversions, reports visitor demographics and builds retargeting audiences.',
  // insight.min.js loads from snap.licdn.com; the pixel goes to px.ads.linkedin.com, and cookie
  // syncing to www.linkedin.com.
  origins: ['https://snap.licdn.com', 'https://px.ads.linkedin.com', 'https://www.linkedin.com'],
  signatures: ['_linkedin_partner_id', '_linkedin_data_partner_ids', 'lintrk('],
  cookies: [
    { name: 'li_fat_id', duration: '30 days', purpose: 'Keeps the LinkedIn ad click id for conversion attribution.' },
    { name: 'bcookie', duration: '1 year', purpose: 'Set on linkedin.com: identifies the browser.' },
    { name: 'lidc', duration: '24 hours', purpose: 'Set on linkedin.com: chooses the data centre.' },
    { name: 'li_sugr', duration: '90 days', purpose: 'Set on linkedin.com: matches visitors who are not members.' },
    { name: 'UserMatchHistory', duration: '30 days', purpose: 'Set on linkedin.com: syncs ids for ad targeting.' },
    {
      name: 'AnalyticsSyncHistory',
      duration: '30 days',
      purpose: 'Set on linkedin.com: records when ids were synced.',
    },
  ],
  consentMode: [],
};

export const tiktokPixel: CatalogEntry = {
  key: 'tiktok-pixel',
  name: 'TikTok Pixel',
  // TikTok names TikTok Technology Limited (Ireland) for the EEA and TikTok Information
  // Technologies UK Limited for the UK; a UK company may override the provider.
  provider: 'TikTok Technology Limited',
  privacyPolicy: 'https://www.tiktok.com/legal/page/eea/privacy-policy/en',
  category: 'marketing',
  purpose: 'Measures the effect of TikTok ads and builds audiences for them.',
  // events.js and the event endpoint are on analytics.tiktok.com. TikTok documents more hosts for
  // its Events API (business-api.tiktok.com), which a browser page does not call directly.
  origins: ['https://analytics.tiktok.com'],
  signatures: ['ttq.', 'TiktokAnalyticsObject'],
  // TikTok states that its pixel cookies expire 13 months after they are set or last used. It also
  // sets session cookies (ttcsid…) whose names and lifetimes it does not document clearly, so they
  // are not listed here; add them by hand once seen on the site.
  cookies: [
    { name: '_ttp', duration: '13 months', purpose: 'Identifies the browser for ad measurement and audiences.' },
    {
      name: '_tt_enable_cookie',
      duration: '13 months',
      purpose: 'Checks that the browser accepts the pixel’s cookies.',
    },
  ],
  consentMode: [],
};
