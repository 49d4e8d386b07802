/**
 * The named referrer sources: which hosts mean which engine, network or app, and how people spell
 * them in `utm_source`. The lookup indexes are built once at module load; a lookup is at most
 * three Map reads and never a regex.
 */

interface SourceEntry {
  /** The name stored in the `source` column and shown in reports. */
  name: string;
  /** Hosts that mean this source, together with all their subdomains (m., l., old., en.m., …). */
  hosts?: readonly string[];
  /** A second-level label that means this source under any TLD: `google` → google.com, google.co.uk. */
  brands?: readonly string[];
  /** `utm_source` spellings besides the lower-cased name itself. */
  aliases?: readonly string[];
}

const SOURCES: readonly SourceEntry[] = [
  // Search engines. Gmail and Gemini are listed below under google.com, and win because a more
  // specific host is looked up first.
  { name: 'Google', brands: ['google'] },
  { name: 'Bing', hosts: ['bing.com'] },
  { name: 'DuckDuckGo', hosts: ['duckduckgo.com'], aliases: ['ddg'] },
  { name: 'Yahoo', brands: ['yahoo'] },
  { name: 'Yandex', brands: ['yandex'], hosts: ['ya.ru'] },
  { name: 'Baidu', hosts: ['baidu.com'] },
  { name: 'Ecosia', hosts: ['ecosia.org'] },
  { name: 'Brave Search', hosts: ['search.brave.com'], aliases: ['brave'] },
  { name: 'Qwant', hosts: ['qwant.com'] },
  { name: 'Startpage', hosts: ['startpage.com'] },
  { name: 'Kagi', hosts: ['kagi.com'] },
  { name: 'Naver', hosts: ['naver.com'] },
  { name: 'Seznam', hosts: ['seznam.cz'] },
  // AI assistants.
  { name: 'ChatGPT', hosts: ['chatgpt.com', 'chat.openai.com'] },
  { name: 'Perplexity', hosts: ['perplexity.ai'] },
  { name: 'Claude', hosts: ['claude.ai'] },
  { name: 'Gemini', hosts: ['gemini.google.com'] },
  { name: 'Copilot', hosts: ['copilot.microsoft.com'] },
  // Social networks and communities. Mastodon is left out: its thousands of instances have no
  // common host, so each instance shows as its own referrer host.
  { name: 'Facebook', hosts: ['facebook.com', 'fb.com', 'fb.me'], aliases: ['fb'] },
  { name: 'Instagram', hosts: ['instagram.com'], aliases: ['ig'] },
  { name: 'Threads', hosts: ['threads.net', 'threads.com'] },
  { name: 'LinkedIn', hosts: ['linkedin.com', 'lnkd.in'] },
  { name: 'X', hosts: ['x.com', 'twitter.com', 't.co'], aliases: ['twitter'] },
  { name: 'Bluesky', hosts: ['bsky.app'], aliases: ['bsky'] },
  { name: 'Reddit', hosts: ['reddit.com', 'redd.it'] },
  { name: 'YouTube', hosts: ['youtube.com', 'youtu.be'], aliases: ['yt'] },
  { name: 'Pinterest', brands: ['pinterest'], hosts: ['pin.it'] },
  { name: 'TikTok', hosts: ['tiktok.com'] },
  { name: 'VK', hosts: ['vk.com'] },
  { name: 'Hacker News', hosts: ['news.ycombinator.com'], aliases: ['hackernews', 'hn'] },
  { name: 'Product Hunt', hosts: ['producthunt.com'], aliases: ['producthunt'] },
  { name: 'Stack Overflow', hosts: ['stackoverflow.com'], aliases: ['stackoverflow'] },
  { name: 'GitHub', hosts: ['github.com'] },
  { name: 'Wikipedia', hosts: ['wikipedia.org'] },
  { name: 'Medium', hosts: ['medium.com'] },
  { name: 'Substack', hosts: ['substack.com'] },
  { name: 'Quora', hosts: ['quora.com'] },
  // Mail and chat: people clicking a link someone sent them.
  { name: 'Gmail', hosts: ['mail.google.com'] },
  { name: 'Outlook', hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'] },
  { name: 'Slack', hosts: ['slack.com'] },
  { name: 'Microsoft Teams', hosts: ['teams.microsoft.com', 'teams.live.com'], aliases: ['teams'] },
  { name: 'Discord', hosts: ['discord.com', 'discordapp.com'] },
  { name: 'Telegram', hosts: ['t.me', 'web.telegram.org'] },
  { name: 'WhatsApp', hosts: ['whatsapp.com', 'wa.me'] },
];

const BY_HOST = new Map<string, string>();
const BY_BRAND = new Map<string, string>();
const BY_NAME = new Map<string, string>();
/** The most labels any suffix worth looking up can have; deeper subdomains are never read. */
let maxLabels = 3; // a brand plus a two-label TLD such as co.uk
for (const { name, hosts = [], brands = [], aliases = [] } of SOURCES) {
  for (const host of hosts) {
    BY_HOST.set(host, name);
    maxLabels = Math.max(maxLabels, host.split('.').length);
  }
  for (const brand of brands) BY_BRAND.set(brand, name);
  for (const alias of [name.toLowerCase(), ...aliases]) BY_NAME.set(alias, name);
}
const MAX_LABELS = maxLabels;

/**
 * The named source for a referrer host (lower case, no `www.`), or undefined. The host itself or
 * its nearest listed parent wins, so `mail.google.com` is Gmail while `news.google.com` is Google.
 */
export function sourceForHost(host: string): string | undefined {
  let start = startOfLastLabels(host, MAX_LABELS);
  while (start >= 0) {
    const suffix = start === 0 ? host : host.slice(start);
    const name = BY_HOST.get(suffix) ?? brandOf(suffix);
    if (name !== undefined) return name;
    const dot = host.indexOf('.', start);
    start = dot < 0 ? -1 : dot + 1;
  }
  return undefined;
}

/** The named source for a lower-cased `utm_source` value such as `google` or `chatgpt.com`. */
export function sourceForName(lowerName: string): string | undefined {
  return BY_NAME.get(lowerName) ?? sourceForHost(lowerName);
}

/** `google.co.uk` → Google: a brand label followed by one or two short labels, which is a TLD. */
function brandOf(suffix: string): string | undefined {
  const dot = suffix.indexOf('.');
  if (dot < 0) return undefined;
  const name = BY_BRAND.get(suffix.slice(0, dot));
  return name !== undefined && looksLikeTld(suffix, dot + 1) ? name : undefined;
}

function looksLikeTld(host: string, from: number): boolean {
  let labels = 0;
  let length = 0;
  for (let i = from; i <= host.length; i++) {
    if (i < host.length && host.charCodeAt(i) !== 0x2e /* . */) {
      length++;
      continue;
    }
    // Country TLDs and the second levels under them (co, com, org, ac) are 2 or 3 letters long;
    // this matches google.com.au but not google.evil.example.
    labels++;
    if (length < 2 || length > 3 || labels > 2) return false;
    length = 0;
  }
  return true;
}

/** Index where the last `count` labels of `host` begin (0 when it has no more than that). */
function startOfLastLabels(host: string, count: number): number {
  let end = host.length;
  for (let i = 0; i < count; i++) {
    const dot = host.lastIndexOf('.', end - 1);
    if (dot < 0) return 0;
    end = dot;
  }
  return end + 1;
}
