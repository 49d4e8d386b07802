import { type CandorConfig, parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { demoConfig, testSite } from '../testing.ts';
import { createMemorySiteAssets } from './assets.ts';
import { servedPagePath, welcomeText } from './welcome.ts';

const URL_ = 'http://127.0.0.1:8787';
const site = createMemorySiteAssets(testSite);
const empty = createMemorySiteAssets({});

function withPages(pages: Record<string, string>): CandorConfig {
  return parseConfig({ ...demo, pages }, 'test config');
}

const text = (config: CandorConfig, assets = site) =>
  welcomeText({ url: URL_, dataDir: '/data', config, site: assets });

describe('the start-up text', () => {
  it("lists the gateway's own pages at their configured paths", () => {
    const out = text(withPages({ privacy: '/legal/privacy', cookies: '/cookies', requests: '/privacy/requests' }));
    expect(out).toContain(`${URL_}/legal/privacy`);
    expect(out).toContain(`${URL_}/cookies`);
    expect(out).toContain(`${URL_}/privacy/requests`);
  });

  it('leaves out a page the config puts elsewhere and the served site does not have', () => {
    const out = text(withPages({ privacy: 'https://www.example.com/privacy' }));
    expect(out).not.toContain('Privacy policy');
    expect(out).not.toMatch(/\/privacy\n/);
    expect(out).not.toContain('www.example.com');
    expect(out).toContain('Cookie policy');
  });

  it('lists a page the config puts elsewhere when the served site has that path', () => {
    const config = withPages({ privacy: 'https://www.example.com/features' });
    expect(servedPagePath(config, site, 'privacy')).toBe('/features');
    expect(text(config)).toMatch(/Privacy policy +http:\/\/127\.0\.0\.1:8787\/features\n/);
  });

  it('says there is no site when none is served, instead of linking to one', () => {
    const out = text(demoConfig, empty);
    expect(out).not.toContain(`${URL_}/\n`);
    expect(out).toContain('serving the API only');
    expect(text(demoConfig)).toMatch(/Site +http:\/\/127\.0\.0\.1:8787\/\n/);
  });

  it('names the company, the admin and the data directory', () => {
    const out = text(demoConfig);
    expect(out).toContain(`Candor is running for ${demoConfig.company.name} at ${URL_}`);
    expect(out).toContain(`${URL_}/admin`);
    expect(out).toContain('/data');
  });
});
