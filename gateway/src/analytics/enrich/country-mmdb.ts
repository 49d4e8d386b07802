/**
 * Node adapter: the country lookup backed by an MMDB file read from disk at start-up.
 *
 * Country data: "geo-whois-asn-country" from the ip-location-db project (github.com/sapics/ip-location-db),
 * npm package @ip-location-db/geo-whois-asn-country-mmdb, licensed CC0-1.0. It merges GeoFeed,
 * WHOIS and ASN data; the WHOIS and ASN data of the five RIRs is © Number Resource Organization
 * (NRO), CC BY 4.0, and attribution to nro.net is asked for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type CountryResponse, Reader } from 'mmdb-lib';
import { type CountryLookup, createCountryLookup } from './country.ts';

/**
 * A record of the ip-location-db country databases: `{ country_code: "DE" }`. mmdb-lib's type
 * parameter admits only MaxMind's record shapes; CountryResponse has only optional fields, so
 * extending it is how this shape is typed without a cast.
 */
interface IpLocationRecord extends CountryResponse {
  readonly country_code?: unknown;
}

/** The bundled IPv4 + IPv6 database, resolved from this package's own dependencies. */
export function defaultCountryDatabase(): string {
  return createRequire(import.meta.url).resolve(
    '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
  );
}

/**
 * Reads the whole database into memory (about 8 MB) and returns the lookup. Synchronous and
 * throwing by design: it runs once in `main.ts`, where a missing file should stop start-up.
 *
 * No cache keyed by IP in front: a lookup costs about 0.8 µs (IPv4) to 1.2 µs (IPv6), and such a
 * cache would be a list of recent visitors' addresses held in memory. Only the decoded records
 * (one per country, about 250) are cached, by their offset in the file, which holds no address.
 */
export function loadCountryLookup(file: string = defaultCountryDatabase()): CountryLookup {
  const records = new Map<number | string, unknown>();
  const reader = new Reader<IpLocationRecord>(readFileSync(file), {
    cache: { get: (offset) => records.get(offset), set: (offset, record) => records.set(offset, record) },
  });
  return createCountryLookup((address) => {
    const code = reader.get(address)?.country_code;
    return typeof code === 'string' ? code : undefined;
  });
}
