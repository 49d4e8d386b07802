import type { CatalogEntry } from './types.ts';

export const vimeo: CatalogEntry = {
  key: 'vimeo',
  name: 'Vimeo',
  provider: 'Vimeo.com, Inc.',
  privacyPolicy: 'https://vimeo.com/privacy',
  // Vimeo shows no ads in embeds; its player cookie measures views, hence `analytics`. Embeds with
  // `?dnt=1` set no cookie, and a company may then choose `preferences`.
  category: 'analytics',
  purpose: 'Plays embedded videos; Vimeo measures how they are watched.',
  // The player iframe and its API script (player.js) come from player.vimeo.com; what the player
  // loads itself (f.vimeocdn.com, i.vimeocdn.com) is inside the iframe, under Vimeo's own CSP.
  origins: ['https://player.vimeo.com'],
  signatures: ['Vimeo.Player'],
  cookies: [
    { name: 'vuid', duration: '2 years', purpose: 'Set on vimeo.com: measures how the visitor watches videos.' },
  ],
  consentMode: [],
};

export const calendly: CatalogEntry = {
  key: 'calendly',
  name: 'Calendly',
  provider: 'Calendly LLC',
  privacyPolicy: 'https://calendly.com/privacy',
  category: 'preferences',
  purpose: 'Lets visitors book a meeting in an embedded scheduling page.',
  // widget.js and its CSS come from assets.calendly.com; the booking page is an iframe on calendly.com.
  origins: ['https://assets.calendly.com', 'https://calendly.com'],
  signatures: ['Calendly.init'],
  // The booking iframe sets Calendly's own cookies on calendly.com, under Calendly's own cookie
  // notice; only Cloudflare's bot-management cookie is listed because its lifetime is documented.
  // Other names and lifetimes were not verified and are left for the company to add.
  cookies: [
    { name: '__cf_bm', duration: '30 minutes', purpose: 'Set on calendly.com by Cloudflare: tells people from bots.' },
  ],
  consentMode: [],
};

export const typeform: CatalogEntry = {
  key: 'typeform',
  name: 'Typeform',
  provider: 'TYPEFORM S.L.',
  privacyPolicy: 'https://www.typeform.com/privacy-policy/',
  category: 'preferences',
  purpose: 'Shows embedded forms and surveys and sends the answers to Typeform.',
  // The embed library comes from embed.typeform.com; the form itself is an iframe on form.typeform.com.
  origins: ['https://embed.typeform.com', 'https://form.typeform.com'],
  signatures: ['tf.createWidget(', 'tf.createPopup(', 'tf.createSlider(', 'tf.createPopover(', 'tf.createSidetab('],
  // The embed sets no cookie on the site that we know of; the form iframe's own cookies are
  // described in Typeform's cookie policy and were not verified here, so none are listed.
  cookies: [],
  consentMode: [],
};
