/**
 * Enrichment for `POST /api/event`: turns what the request carries (URL, referrer, User-Agent,
 * headers, IP) into the anonymous columns of an event. Runtime-neutral; the Node-only MMDB
 * country adapter lives in `country-mmdb.ts` and is wired in by `main.ts`.
 */
export { type BotReason, botReason, type HeaderReader } from './bots.ts';
export { type CountryLookup, type CountryReader, createCountryLookup, unknownCountry } from './country.ts';
export { normalizePath, PATH_MAX_LENGTH } from './path.ts';
export { classifySource, type TrafficSource } from './source.ts';
export {
  createUserAgentParser,
  type DeviceType,
  type UserAgentInfo,
  type UserAgentParser,
} from './user-agent.ts';
export { UTM_MAX_LENGTH, type Utm, utmFromUrl } from './utm.ts';
