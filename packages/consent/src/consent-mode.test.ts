// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { consentSignals, gtag, updateConsentMode } from './consent-mode.ts';
import { demoConfig } from './test-fixtures.ts';

const config = demoConfig();

describe('Google Consent Mode v2 signals', () => {
  it.each([
    ['ad_storage', 'marketing'],
    ['ad_user_data', 'marketing'],
    ['ad_personalization', 'marketing'],
    ['analytics_storage', 'analytics'],
    ['functionality_storage', 'preferences'],
    ['personalization_storage', 'preferences'],
  ])('%s is granted exactly when %s is', (signal, category) => {
    expect(consentSignals(config, ['necessary', category])[signal]).toBe('granted');
    const others = ['necessary', 'preferences', 'analytics', 'marketing'].filter((c) => c !== category);
    expect(consentSignals(config, others)[signal]).toBe('denied');
  });

  it('always grants security_storage, which maps to necessary', () => {
    expect(consentSignals(config, [])).toEqual({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'granted',
    });
  });
});

describe('gtag', () => {
  afterEach(() => {
    delete window.gtag;
    delete window.dataLayer;
  });

  it('defines the standard stub when the page did not, queueing arguments objects', () => {
    updateConsentMode(config, ['necessary', 'analytics']);
    const [entry] = window.dataLayer ?? [];
    expect(Object.prototype.toString.call(entry)).toBe('[object Arguments]');
    expect([...(entry as IArguments)]).toEqual(['consent', 'update', consentSignals(config, ['analytics'])]);
  });

  it("uses the page's own gtag and keeps its dataLayer", () => {
    const calls: unknown[][] = [];
    window.dataLayer = ['earlier'];
    window.gtag = (...args) => calls.push(args);
    updateConsentMode(config, ['necessary']);
    expect(gtag()).toBe(window.gtag);
    expect(calls).toEqual([['consent', 'update', consentSignals(config, [])]]);
    expect(window.dataLayer).toEqual(['earlier']);
  });
});
