import { describe, expect, it } from 'vitest';
import { classifySource } from './source.ts';

const SITE = ['candor.example', 'www.shop.example'];

describe('classifySource', () => {
  it.each([
    // Search engines, including country domains and subdomains.
    ['https://www.google.com/', 'Google', 'google.com'],
    ['https://www.google.co.uk/', 'Google', 'google.co.uk'],
    ['https://www.google.com.au/search?q=candor', 'Google', 'google.com.au'],
    ['https://www.google.de/', 'Google', 'google.de'],
    ['https://news.google.com/read/CBMiK2h0dHBz', 'Google', 'news.google.com'],
    ['https://www.bing.com/search?q=consent+banner', 'Bing', 'bing.com'],
    ['https://cn.bing.com/', 'Bing', 'cn.bing.com'],
    ['https://duckduckgo.com/', 'DuckDuckGo', 'duckduckgo.com'],
    ['https://search.yahoo.com/', 'Yahoo', 'search.yahoo.com'],
    ['https://search.yahoo.co.jp/search?p=candor', 'Yahoo', 'search.yahoo.co.jp'],
    ['https://yandex.ru/', 'Yandex', 'yandex.ru'],
    ['https://yandex.com.tr/', 'Yandex', 'yandex.com.tr'],
    ['https://www.baidu.com/link?url=abc', 'Baidu', 'baidu.com'],
    ['https://www.ecosia.org/', 'Ecosia', 'ecosia.org'],
    ['https://search.brave.com/', 'Brave Search', 'search.brave.com'],
    ['https://www.qwant.com/', 'Qwant', 'qwant.com'],
    ['https://www.startpage.com/', 'Startpage', 'startpage.com'],
    // AI assistants.
    ['https://chatgpt.com/', 'ChatGPT', 'chatgpt.com'],
    ['https://chat.openai.com/', 'ChatGPT', 'chat.openai.com'],
    ['https://www.perplexity.ai/', 'Perplexity', 'perplexity.ai'],
    ['https://gemini.google.com/', 'Gemini', 'gemini.google.com'],
    // Social networks: link shims and mobile hosts fold into the network.
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fcandor.example%2F', 'Facebook', 'l.facebook.com'],
    ['https://lm.facebook.com/', 'Facebook', 'lm.facebook.com'],
    ['https://m.facebook.com/', 'Facebook', 'm.facebook.com'],
    ['http://fb.com/', 'Facebook', 'fb.com'],
    ['https://l.instagram.com/?u=https%3A%2F%2Fcandor.example', 'Instagram', 'l.instagram.com'],
    ['https://www.linkedin.com/', 'LinkedIn', 'linkedin.com'],
    ['https://lnkd.in/dQw4w9W', 'LinkedIn', 'lnkd.in'],
    ['https://t.co/AbC123xyz', 'X', 't.co'],
    ['https://x.com/', 'X', 'x.com'],
    ['https://twitter.com/', 'X', 'twitter.com'],
    ['https://www.reddit.com/r/privacy/', 'Reddit', 'reddit.com'],
    ['https://old.reddit.com/r/privacy/', 'Reddit', 'old.reddit.com'],
    ['https://out.reddit.com/t3_1abcde', 'Reddit', 'out.reddit.com'],
    ['https://www.youtube.com/', 'YouTube', 'youtube.com'],
    ['https://m.youtube.com/', 'YouTube', 'm.youtube.com'],
    ['https://www.pinterest.de/', 'Pinterest', 'pinterest.de'],
    ['https://www.tiktok.com/', 'TikTok', 'tiktok.com'],
    ['https://news.ycombinator.com/item?id=41234567', 'Hacker News', 'news.ycombinator.com'],
    ['https://github.com/sapics/ip-location-db', 'GitHub', 'github.com'],
    ['https://en.wikipedia.org/wiki/Web_analytics', 'Wikipedia', 'en.wikipedia.org'],
    ['https://de.m.wikipedia.org/wiki/Web_Analytics', 'Wikipedia', 'de.m.wikipedia.org'],
    // Mail and chat.
    ['https://mail.google.com/', 'Gmail', 'mail.google.com'],
    ['https://outlook.live.com/', 'Outlook', 'outlook.live.com'],
    ['https://outlook.office.com/', 'Outlook', 'outlook.office.com'],
    ['https://app.slack.com/client/T0123/C0456', 'Slack', 'app.slack.com'],
    ['https://teams.microsoft.com/', 'Microsoft Teams', 'teams.microsoft.com'],
  ])('names %s as %s', (referrer, source, referrerHost) => {
    expect(classifySource(referrer, SITE, '')).toEqual({ source, referrerHost });
  });

  it.each([
    ['https://blog.example.org/2026/11/privacy', 'blog.example.org'],
    ['https://www.example.org/', 'example.org'],
    ['https://Blog.Example.ORG:8443/path', 'blog.example.org'],
    ['https://user:secret@partner.example/', 'partner.example'],
    ['https://partner.example./', 'partner.example'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
    ['http://198.51.100.7/', '198.51.100.7'],
    // Look-alikes of named sources stay what they are.
    ['https://google.evil.example/', 'google.evil.example'],
    ['https://notgoogle.com/', 'notgoogle.com'],
    ['https://someone.github.io/', 'someone.github.io'],
    ['https://mastodon.social/@someone', 'mastodon.social'],
  ])('uses the host of an unknown referrer %s as the source', (referrer, host) => {
    expect(classifySource(referrer, SITE, 'newsletter')).toEqual({ source: host, referrerHost: host });
  });

  it.each([
    ['a page of the site', 'https://candor.example/pricing'],
    ['the site with www.', 'https://www.candor.example/'],
    ['the site without www. when the config lists it with', 'https://shop.example/cart'],
    ['no referrer', undefined],
    ['an empty referrer', ''],
    ['an Android app', 'android-app://com.google.android.gm/'],
    ['about:blank', 'about:blank'],
    ['an ftp URL', 'ftp://files.example/'],
    ['text that is no URL', 'not a url'],
    ['a scheme with no host', 'https://'],
  ])('reports no referrer host for %s', (_, referrer) => {
    expect(classifySource(referrer, SITE, '')).toEqual({ source: '', referrerHost: '' });
  });

  it.each([
    ['google', 'Google'],
    ['Google', 'Google'],
    ['twitter', 'X'],
    ['FB', 'Facebook'],
    ['linkedin', 'LinkedIn'],
    ['chatgpt.com', 'ChatGPT'],
    ['hn', 'Hacker News'],
    ['newsletter', 'newsletter'],
    ['Partner-Blog', 'Partner-Blog'],
  ])('falls back to utm_source %s, named as %s, when there is no external referrer', (utm, source) => {
    expect(classifySource(undefined, SITE, utm)).toEqual({ source, referrerHost: '' });
    expect(classifySource('https://candor.example/', SITE, utm)).toEqual({ source, referrerHost: '' });
  });

  it('prefers the referrer over utm_source', () => {
    expect(classifySource('https://t.co/x', SITE, 'newsletter')).toEqual({ source: 'X', referrerHost: 't.co' });
  });
});
