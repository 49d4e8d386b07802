import { publicAddress } from './ip.ts';

/**
 * The visitor's country from their IP address: ISO 3166-1 alpha-2 in upper case, or '' when it
 * is unknown, private, or the input is no IP address. Never throws. The address is used for
 * this lookup only; it is neither kept nor returned.
 */
export type CountryLookup = (ip: string) => string;

/**
 * A raw read from a country database for an address already known to be valid and public:
 * the stored code, or nothing when the database does not list the address.
 */
export type CountryReader = (address: string) => string | null | undefined;

/** For tests and for running without a database: every country is unknown. */
export const unknownCountry: CountryLookup = () => '';

/**
 * Wraps a database reader with what every database needs: address validation, skipping private
 * and reserved ranges (which some databases wrongly place in a country), IPv4-in-IPv6 unwrapping,
 * and a check that the answer is a two-letter code.
 *
 * @example const country = createCountryLookup((ip) => table.get(ip));
 *   country('::ffff:8.8.8.8') // reads '8.8.8.8'
 */
export function createCountryLookup(read: CountryReader): CountryLookup {
  return (ip) => {
    const address = publicAddress(ip);
    if (address === null) return '';
    let code: string | null | undefined;
    try {
      code = read(address);
    } catch {
      // A damaged database must cost the country column, never the event.
      return '';
    }
    return isoAlpha2(code);
  };
}

function isoAlpha2(code: string | null | undefined): string {
  if (typeof code !== 'string' || code.length !== 2) return '';
  const upper = isAsciiLetter(code.charCodeAt(0)) && isAsciiLetter(code.charCodeAt(1)) ? code.toUpperCase() : '';
  // ZZ and XX are the usual "unknown" placeholders, not countries.
  return upper === 'ZZ' || upper === 'XX' ? '' : upper;
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
