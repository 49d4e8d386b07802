import { describe, expect, it } from 'vitest';
import { createCountryLookup, unknownCountry } from './country.ts';

describe('createCountryLookup', () => {
  it('asks the database about a public address and answers its code', () => {
    const asked: string[] = [];
    const lookup = createCountryLookup((address) => {
      asked.push(address);
      return 'DE';
    });
    expect(lookup('217.5.0.1')).toBe('DE');
    expect(asked).toEqual(['217.5.0.1']);
  });

  it('asks about the IPv4 address inside an IPv4-mapped IPv6 address', () => {
    const asked: string[] = [];
    createCountryLookup((address) => {
      asked.push(address);
      return 'US';
    })('::ffff:8.8.8.8');
    expect(asked).toEqual(['8.8.8.8']);
  });

  it.each([['127.0.0.1'], ['192.168.1.1'], ['::1'], ['fe80::1'], ['not an ip'], ['']])(
    'never asks the database about %j and answers ""',
    (ip) => {
      const lookup = createCountryLookup(() => {
        throw new Error('must not be asked');
      });
      expect(lookup(ip)).toBe('');
    },
  );

  it.each([
    ['de', 'DE'],
    ['US', 'US'],
    [undefined, ''],
    [null, ''],
    ['', ''],
    ['DEU', ''],
    ['D1', ''],
    ['ZZ', ''],
    ['XX', ''],
  ])('turns the database answer %j into %j', (answer, expected) => {
    expect(createCountryLookup(() => answer)('8.8.8.8')).toBe(expected);
  });

  it('answers "" when the database throws', () => {
    const lookup = createCountryLookup(() => {
      throw new Error('corrupt');
    });
    expect(lookup('8.8.8.8')).toBe('');
  });

  it('has a lookup that knows no country, for running without a database', () => {
    expect(unknownCountry('8.8.8.8')).toBe('');
  });
});
