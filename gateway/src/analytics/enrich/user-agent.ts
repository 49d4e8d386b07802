import { LRUCache } from 'lru-cache';
import UAParser from 'ua-parser-js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet';

/** The parts of a User-Agent that are stored; the string itself never is. */
export interface UserAgentInfo {
  readonly browser: string;
  /** Major version only: finer versions add rows to reports, not insight. */
  readonly browserVersion: string;
  readonly os: string;
  readonly device: DeviceType;
}

export type UserAgentParser = (ua: string) => UserAgentInfo;

// ua-parser-js 1.x reads only the first 500 characters (its ReDoS guard). Keying the cache on the
// same prefix changes no result and bounds its memory: 5 000 entries × 1 KB of UTF-16 at most.
const UA_MAX_LENGTH = 500;

const UNKNOWN: UserAgentInfo = Object.freeze({ browser: '', browserVersion: '', os: '', device: 'desktop' });

// The device column already says "mobile", so the "Mobile" prefix would only split one browser
// into two rows. Headless Chrome never gets here (bots are filtered first); it is folded in anyway.
const BROWSER_NAMES = new Map([
  ['Mobile Safari', 'Safari'],
  ['Chrome Headless', 'Chrome'],
  ['GSA', 'Google App'],
]);
const OS_NAMES = new Map([
  ['Mac OS', 'macOS'],
  ['Chromium OS', 'ChromeOS'],
  ['linux', 'Linux'],
]);

/**
 * Builds a User-Agent parser with an LRU cache: parsing costs tens of microseconds, while the
 * UAs of real traffic repeat heavily, so nearly every call is a Map hit. Results are frozen and
 * shared between callers.
 *
 * Unknown parts are '' (the device is then 'desktop'). Device types: mobile and wearable →
 * 'mobile'; tablet → 'tablet'; everything else (no type, smart TV, console, embedded) →
 * 'desktop'. iPads that request the desktop site send a Mac UA and count as desktop.
 *
 * @example const parse = createUserAgentParser();
 *   parse(request.headers.get('user-agent') ?? '').browser // 'Firefox'
 */
export function createUserAgentParser(maxEntries = 5000): UserAgentParser {
  const parser = new UAParser();
  const cache = new LRUCache<string, UserAgentInfo>({ max: maxEntries });
  return (ua) => {
    if (ua === '') return UNKNOWN;
    const key = ua.length > UA_MAX_LENGTH ? ua.slice(0, UA_MAX_LENGTH) : ua;
    let info = cache.get(key);
    if (info === undefined) {
      info = parse(parser, key);
      cache.set(key, info);
    }
    return info;
  };
}

function parse(parser: UAParser, ua: string): UserAgentInfo {
  parser.setUA(ua);
  // The three getters instead of getResult(): engine and CPU would be parsed for nothing.
  const browser = parser.getBrowser();
  const os = parser.getOS();
  return Object.freeze({
    browser: renamed(BROWSER_NAMES, browser.name),
    browserVersion: browser.major ?? '',
    os: renamed(OS_NAMES, os.name),
    device: deviceType(parser.getDevice().type),
  });
}

function renamed(names: ReadonlyMap<string, string>, name: string | undefined): string {
  if (name === undefined) return '';
  return names.get(name) ?? name;
}

function deviceType(type: string | undefined): DeviceType {
  switch (type) {
    case 'mobile':
    case 'wearable':
      return 'mobile';
    case 'tablet':
      return 'tablet';
    default:
      return 'desktop';
  }
}
