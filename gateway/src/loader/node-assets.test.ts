// The gateway's asset version is a URL that pages built earlier (and Astro builds) already point
// at, so it must not drift: pinned here for the stand-in sources and for two known files.
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../testing.ts';
import { TEST_TEMPLATE, testLoaderSources } from './fixtures.ts';
import { buildLoaderAssets } from './node-assets.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('buildLoaderAssets', () => {
  it('versions the demo config’s stand-in files as it always has', () => {
    expect(buildLoaderAssets(demoConfig, testLoaderSources(demoConfig)).version).toBe('b684121c5b');
  });

  it('versions by SHA-256 over each name, a NUL and the SHA-256 of its bytes, in name order', () => {
    const files = { 'tracker.js': bytes('t'), 'consent.js': bytes('a') };
    expect(buildLoaderAssets(demoConfig, { template: TEST_TEMPLATE, files }).version).toBe('3a9d92139c');
  });

  it('serves every source under its name, and only those', () => {
    const assets = buildLoaderAssets(demoConfig, testLoaderSources(demoConfig));
    expect([...assets.files.keys()].sort()).toEqual(Object.keys(testLoaderSources(demoConfig).files).sort());
  });
});
