import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { demoConfig } from '../testing.ts';
import { TEST_TEMPLATE } from './fixtures.ts';
import { loaderSettings, renderLoader } from './settings.ts';

describe('the loader settings', () => {
  it('hold the demo config’s version, locales, sites, Consent Mode defaults and tracker attributes', () => {
    expect(loaderSettings(demoConfig, 'v1')).toEqual({
      version: 'v1',
      locales: ['en', 'de', 'fr', 'es', 'ar'],
      sites: ['demo'],
      defaults: {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
      },
      tracker: { downloads: demoConfig.analytics.downloadExtensions.join(','), local: '' },
    });
  });

  it('set data-local only for a localhost site, and the GPC and DNT flags only when asked', () => {
    const config = parseConfig({
      ...demo,
      sites: [{ id: 'www', name: 'WWW', hostnames: ['www.example.com'] }],
      analytics: { ...demoConfig.analytics, respectGpc: true, respectDnt: true, downloadExtensions: ['pdf'] },
    });
    expect(loaderSettings(config, 'v1').tracker).toEqual({ downloads: 'pdf', 'respect-gpc': '', 'respect-dnt': '' });
  });
});

describe('renderLoader', () => {
  it('puts the settings in place of the placeholder, with < escaped', () => {
    const settings = { ...loaderSettings(demoConfig, 'v1'), sites: ['</script><script>alert(1)//'] };
    const text = renderLoader(TEST_TEMPLATE, settings);
    expect(text).not.toContain('<');
    expect(text).not.toContain('__CANDOR_SETTINGS__');
    const json = text.slice(text.indexOf('})(') + 3, text.lastIndexOf(');'));
    expect(JSON.parse(json)).toEqual(settings);
  });

  it.each([
    ['no placeholder', 'console.log(1)'],
    ['two placeholders', '__CANDOR_SETTINGS__;__CANDOR_SETTINGS__'],
  ])('refuses a template with %s (a broken build)', (_, template) => {
    expect(() => renderLoader(template, loaderSettings(demoConfig, 'v1'))).toThrow(/exactly once/);
  });
});
