import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { CATALOG, CATALOG_KEYS } from './catalog/index.ts';
import { ConfigError, MAX_CONSENT_EXPIRY_DAYS, parseConfig, siteForHostname } from './index.ts';
import { loadConfigFile } from './node.ts';

describe('the demo config', () => {
  it('validates and fills defaults', () => {
    const config = parseConfig(demo);
    expect(config.consent.cookieName).toBe('candor_consent');
    expect(config.consent.expiryDays).toBe(182);
    expect(config.consent.googleConsentMode.analytics_storage).toBe('analytics');
    expect(config.analytics.respectGpc).toBe(false);
    expect(config.mailingLists.map((l) => l.id)).toEqual(['newsletter', 'product-updates']);
    expect(config.services.map((s) => [s.id, s.category])).toEqual([
      ['candor', 'necessary'],
      ['ga4', 'analytics'],
      ['hubspot', 'marketing'],
      ['youtube', 'marketing'],
    ]);
  });

  it('accepts events for localhost and 127.0.0.1', () => {
    const config = parseConfig(demo);
    expect(siteForHostname(config, 'localhost')?.id).toBe('demo');
    expect(siteForHostname(config, '127.0.0.1')?.id).toBe('demo');
    expect(siteForHostname(config, 'evil.example')).toBeUndefined();
  });
});

describe('an invalid config names the bad field', () => {
  const site = demo.sites[0];
  const ga4 = demo.services[1];
  const cases: [string, string, unknown, string][] = [
    ['expiry over 13 months', 'consent.expiryDays', MAX_CONSENT_EXPIRY_DAYS + 1, 'consent.expiryDays'],
    ['hostname with a scheme', 'sites.0.hostnames', ['https://x.com'], 'sites.0.hostnames.0'],
    ['unknown time zone', 'sites.0.timezone', 'Mars/Olympus', 'sites.0.timezone'],
    ['service in an unknown category', 'services.1.category', 'ads', 'services.1.category'],
    ['bad cookie pattern', 'services.1.cookies', [{ ...ga4?.cookies[0], name: '^(_ga' }], 'services.1.cookies.0.name'],
    ['duplicate mailing list', 'mailingLists.2', demo.mailingLists[0], 'mailingLists.2.id'],
    ['privacy contact not an email', 'company.privacyContact', 'privacy at example', 'company.privacyContact'],
    ['policy revision not a date', 'policy.revision', 'v2', 'policy.revision'],
    ['a typo in a top-level key', 'retension', {}, 'retension'],
    [
      'a secret where an env var name belongs',
      'webhooks.0',
      { id: 'crm', url: 'https://crm.example/hook', events: ['unsubscribe.created'], secretEnv: 'hunter2' },
      'webhooks.0.secretEnv',
    ],
    ['a service with an unknown field', 'services.1.measurementId', 'G-XXXX', 'services.1.measurementId'],
    ['a one-character signature', 'services.1.signatures', ['('], 'services.1.signatures.0'],
    ['two sites sharing a hostname', 'sites.1', { ...site, id: 'other' }, 'sites.1.hostnames.0'],
  ];

  it.each(cases)('%s', (_name, path, value, field) => {
    const config = withValue(demo, path, value);
    expect(() => parseConfig(config, 'test.ts')).toThrow(ConfigError);
    expect(() => parseConfig(config, 'test.ts')).toThrow(`- ${field}:`);
  });
});

describe('services', () => {
  const servicesOf = (services: unknown[]) => parseConfig({ ...demo, services }, 'test.ts').services;
  const errorFor = (services: unknown[]) => {
    try {
      parseConfig({ ...demo, services }, 'test.ts');
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
    }
    return 'no error';
  };

  it('lets a necessary service load from other origins, since it is never gated', () => {
    const [ga4] = demo.services.slice(1, 2);
    const [service] = servicesOf([{ ...ga4, category: 'necessary' }]);
    expect(service?.category).toBe('necessary');
    expect(service?.origins).toContain('https://www.googletagmanager.com');
  });

  it('gives hand-written services no signatures unless they name some', () => {
    const [plain, own] = servicesOf([demo.services[1], { ...demo.services[2], signatures: ['_hsq.push'] }]);
    expect(plain?.signatures).toEqual([]);
    expect(own?.signatures).toEqual(['_hsq.push']);
  });

  it('expands `use` into the catalogue entry, with the key as id and the vendor id as `tag`', () => {
    const [ga4] = servicesOf([{ use: 'ga4', tag: 'G-ABC123' }]);
    const { key: _key, consentMode: _consentMode, ...entry } = CATALOG.ga4;
    expect(ga4).toEqual({ ...entry, id: 'ga4', use: 'ga4', tag: 'G-ABC123' });
  });

  it('lets fields written beside `use` replace the entry’s', () => {
    const cookies = [{ name: '_ga', duration: '1 year', purpose: 'Distinguishes browsers.' }];
    const [recaptcha, ga4] = servicesOf([
      { use: 'recaptcha', category: 'preferences' },
      { use: 'ga4', name: 'Analytics', cookies, origins: ['https://metrics.example.com'] },
    ]);
    expect(recaptcha?.category).toBe('preferences');
    expect(recaptcha?.origins).toEqual(CATALOG.recaptcha.origins);
    expect(ga4).toMatchObject({
      name: 'Analytics',
      provider: CATALOG.ga4.provider,
      origins: ['https://metrics.example.com'],
    });
    expect(ga4?.cookies).toEqual([{ ...cookies[0], pattern: false }]);
  });

  it('keeps the entry’s value where a field beside `use` is undefined', () => {
    const [ga4] = servicesOf([{ use: 'ga4', category: undefined, tag: undefined }]);
    expect(ga4?.category).toBe('analytics');
    expect(ga4).not.toHaveProperty('tag');
  });

  it('names the known keys when `use` names no entry', () => {
    const message = errorFor([{ use: 'google-analytics' }]);
    expect(message).toContain('- services.0.use: must name a catalogue entry:');
    for (const key of CATALOG_KEYS) expect(message).toContain(key);
    // Only the bad key is reported, not every field the entry would have given.
    expect(message).not.toContain('services.0.name');
  });

  it('needs distinct ids for two uses of one entry', () => {
    expect(errorFor([{ use: 'ga4' }, { use: 'ga4', tag: 'G-2' }])).toContain(
      '- services.1.id: duplicate id "ga4" (two uses of one catalogue entry need distinct ids)',
    );
    const services = servicesOf([
      { use: 'ga4', tag: 'G-1' },
      { use: 'ga4', id: 'ga4-shop', tag: 'G-2' },
    ]);
    expect(services.map((s) => [s.id, s.tag])).toEqual([
      ['ga4', 'G-1'],
      ['ga4-shop', 'G-2'],
    ]);
  });

  it('points a vendor id written as `id` to `tag`', () => {
    expect(errorFor([{ use: 'ga4', id: 'G-XXXX' }])).toMatch(/- services\.0\.id: .*goes in `tag`/);
  });

  it.each([
    ['markup', '"><script>'],
    ['spaces', 'G XXXX'],
    ['an empty tag', ''],
  ])('refuses a tag with %s', (_name, tag) => {
    expect(errorFor([{ use: 'ga4', tag }])).toContain('- services.0.tag:');
  });

  it('reports a bad override at its own path', () => {
    expect(errorFor([{ use: 'stripe', category: 'ads' }])).toContain('- services.0.category:');
    expect(errorFor([{ use: 'hotjar', origins: ['http://static.hotjar.com'] }])).toContain('- services.0.origins.0:');
  });
});

/** A deep copy of `source` with the value at a dotted path replaced (arrays indexed by number). */
function withValue(source: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(source) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

describe('loading a config file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candor-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads the shipped TypeScript config', async () => {
    const config = await loadConfigFile(join(__dirname, '../../../candor.config.ts'));
    expect(config.company.name).toBe('Tidewater');
  });

  it('loads a JSON config', async () => {
    const file = join(dir, 'candor.config.json');
    const { pages: _pages, ...rest } = demo;
    await writeFile(file, JSON.stringify(rest));
    expect((await loadConfigFile(file)).sites[0]?.id).toBe('demo');
  });

  it('resolves pages.policyFile from the config file, and names a missing one', async () => {
    const file = join(dir, 'with-policy.config.json');
    await writeFile(join(dir, 'policy.md'), '# Policy');
    await writeFile(file, JSON.stringify({ ...demo, pages: { policyFile: './policy.md' } }));
    expect((await loadConfigFile(file)).pages.policyFile).toBe(join(dir, 'policy.md'));
    await writeFile(file, JSON.stringify({ ...demo, pages: { policyFile: './nowhere.md' } }));
    await expect(loadConfigFile(file)).rejects.toThrow(/pages\.policyFile: no file at .*nowhere\.md/);
  });

  it('says where it looked when the file is missing', async () => {
    await expect(loadConfigFile(join(dir, 'missing.ts'))).rejects.toThrow(/not found at .*missing\.ts/);
  });

  it('reports a file that does not parse', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "company": ');
    await expect(loadConfigFile(file)).rejects.toThrow(ConfigError);
  });

  it('reports a TypeScript config with a syntax error', async () => {
    const file = join(dir, 'broken.config.ts');
    await writeFile(file, 'export default { company: ');
    await expect(loadConfigFile(file)).rejects.toThrow(/could not be loaded/);
  });
});
