// Bad options fail when Astro loads its config, with a message that names the option.
import { describe, expect, it } from 'vitest';
import { type CandorOptions, resolveOptions } from './options.ts';

describe('resolveOptions', () => {
  it.each([
    ['privacy.example.com', 'is not a URL'],
    ['ftp://privacy.example.com', 'is not http or https'],
    ['https://privacy.example.com/candor', 'has a path'],
    ['https://privacy.example.com/?x=1', 'has a path, query'],
    ['https://user:pw@privacy.example.com', 'has credentials'],
    ['', 'is not a URL'],
  ])('refuses gateway %j (%s)', (gateway, why) => {
    expect(() => resolveOptions({ gateway })).toThrow(`option "gateway" must be the http(s) origin`);
    expect(() => resolveOptions({ gateway })).toThrow(why);
  });

  it('refuses a gateway that is not a string', () => {
    expect(() => resolveOptions({ gateway: 42 } as unknown as CandorOptions)).toThrow('is not a string');
  });

  it.each([
    ['https://privacy.example.com', 'https://privacy.example.com'],
    ['https://Privacy.Example.com/', 'https://privacy.example.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('takes gateway %s as the origin %s', (gateway, origin) => {
    expect(resolveOptions({ gateway }).gateway).toBe(origin);
  });

  it.each(['Shop', '1shop', 'a b', ''])('refuses site %j', (site) => {
    expect(() => resolveOptions({ gateway: 'https://gw.example', site })).toThrow('option "site" must be a site id');
  });

  it.each([[''], ['  ']])('refuses an empty config path %j', (config) => {
    expect(() => resolveOptions({ config })).toThrow('option "config" must be the path');
  });

  it('names an unknown option (a typo would otherwise be ignored)', () => {
    expect(() => resolveOptions({ gatway: 'https://gw.example' } as unknown as CandorOptions)).toThrow(
      'unknown option "gatway"',
    );
  });
});
