import { describe, expect, it } from 'vitest';
import { BUDGET, build, LOADER_PLACEHOLDER, LOCALES, readDist } from '../build.mjs';
import { SETTINGS_PLACEHOLDER } from './loader/settings.ts';

describe('the build', () => {
  it('emits one script per locale, and the heaviest page (script + CSS) stays within 6,000 B gzip -9', async () => {
    const { scripts, css, total } = await build();
    expect(BUDGET).toBe(6000);
    expect(scripts.map((s) => s.file)).toEqual(
      LOCALES.map((l) => (l === 'en' ? 'dist/consent.js' : `dist/consent.${l}.js`)),
    );
    expect(css).toBeGreaterThan(0);
    expect(total).toBe(Math.max(...scripts.map((s) => s.bytes)) + css);
    expect(total).toBeLessThanOrEqual(BUDGET);
  }, 60_000);

  it('emits the preference centre as its own script, which the browser builds load on first open', async () => {
    const { preferences } = await build();
    expect(preferences.file).toBe('dist/preferences.js');
    const banner = await readDist('consent.js');
    const centre = await readDist('preferences.js');
    expect(centre).toContain('__candorPreferences');
    // The banner names the centre's global but no longer carries its markup (its save button's class).
    expect(banner).toContain('__candorPreferences');
    expect(centre).toContain('candor-on');
    expect(banner).not.toContain('candor-on');
  }, 60_000);

  it('emits the loader template, naming the settings placeholder the gateway replaces exactly once', async () => {
    // build() throws when the minified loader names the placeholder other than once.
    const { loader } = await build();
    expect(LOADER_PLACEHOLDER).toBe(SETTINGS_PLACEHOLDER);
    expect(loader.file).toBe('dist/loader.js');
    expect(loader.bytes).toBeGreaterThan(0);
  }, 60_000);
});
