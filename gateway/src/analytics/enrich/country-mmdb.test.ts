import { beforeAll, describe, expect, it } from 'vitest';
import type { CountryLookup } from './country.ts';
import { defaultCountryDatabase, loadCountryLookup } from './country-mmdb.ts';

// The real bundled database: the adapter's risk is the file, its path and its record shape.
// The addresses are long-held allocations whose country is stable in WHOIS data.
describe('loadCountryLookup', () => {
  let country: CountryLookup;
  beforeAll(() => {
    country = loadCountryLookup();
  });

  it.each([
    ['8.8.8.8', 'US'], // Google Public DNS
    ['9.9.9.9', 'US'], // Quad9
    ['1.1.1.1', 'AU'], // APNIC's research prefix, lent to Cloudflare
    ['217.5.0.1', 'DE'], // Deutsche Telekom
    ['91.0.0.1', 'DE'], // Deutsche Telekom
    ['193.0.6.139', 'NL'], // RIPE NCC
    ['81.2.69.160', 'GB'], // Andrews & Arnold
    ['133.1.1.1', 'JP'], // Japanese academic network
    ['200.160.2.3', 'BR'], // NIC.br
    ['2001:4860:4860::8888', 'US'], // Google Public DNS
    ['2003::1', 'DE'], // Deutsche Telekom
    ['2001:67c:2e8:22::c100:68b', 'NL'], // RIPE NCC
    ['::ffff:8.8.8.8', 'US'],
    ['::ffff:217.5.0.1', 'DE'],
    ['64:ff9b::808:808', 'US'],
  ])('places %s in %s', (ip, code) => {
    expect(country(ip)).toBe(code);
  });

  // The bundled data places some of these in a country (192.168.1.1 and 203.0.113.5 in AU).
  it.each([
    ['127.0.0.1'],
    ['10.0.0.1'],
    ['192.168.1.1'],
    ['100.64.0.1'],
    ['203.0.113.5'],
    ['::1'],
    ['fe80::1'],
    ['fd00::1'],
    ['::ffff:10.0.0.1'],
  ])('places the non-public address %s nowhere', (ip) => {
    expect(country(ip)).toBe('');
  });

  it.each([['garbage'], ['1.2.3'], [''], ['8.8.8.8:53'], ['::ffff:']])('answers "" for the non-address %j', (ip) => {
    expect(country(ip)).toBe('');
  });

  it('finds the bundled database file', () => {
    expect(defaultCountryDatabase()).toMatch(/geo-whois-asn-country\.mmdb$/);
  });

  it('refuses to start without its database file', () => {
    expect(() => loadCountryLookup('/nonexistent/country.mmdb')).toThrow(/ENOENT/);
  });
});
