// The configHash the demo site's English pages send: the gateway accepts a consent record only
// under a notice it has served, so suites that post records directly use the real one.
import { bannerConfig, consentNotice, noticeHash, parseConfig } from '@candor/config';
import { LOCALES } from '@candor/consent/messages';
import demo from '../../candor.config.ts';

export const demoConfig = parseConfig(demo, 'candor.config.ts');

export const DEMO_CONFIG_HASH = await noticeHash(
  consentNotice(demoConfig, bannerConfig(demoConfig), 'en', LOCALES.en ?? {}),
);
