// @vitest-environment happy-dom
import Cookies from 'js-cookie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { domains, eraseCookies } from './erase.ts';
import { demoConfig } from './test-fixtures.ts';
import { clearCookies, happyDOM } from './test-page.ts';

const services = demoConfig().categories.flatMap((c) => c.services);
const ga4 = services.filter((s) => s.id === 'ga4');
const hubspot = services.filter((s) => s.id === 'hubspot');
const names = () =>
  document.cookie
    .split('; ')
    .filter(Boolean)
    .map((c) => c.split('=')[0])
    .sort();

describe('domains a cookie may have been set on', () => {
  it.each([
    ['www.shop.example.com', null, [undefined, 'www.shop.example.com', 'shop.example.com', 'example.com', 'com']],
    ['example.com', '.example.com', [undefined, 'example.com', '.example.com', 'com']],
    ['localhost', null, [undefined, 'localhost']],
    ['127.0.0.1', null, [undefined, '127.0.0.1']],
  ])('%s (configured %s)', (host, configured, expected) => {
    expect(domains(host, configured)).toEqual(expected);
  });
});

describe('erasing a withdrawn service’s cookies', () => {
  beforeEach(() => happyDOM.setURL('https://www.shop.example.com/page'));
  afterEach(() => {
    clearCookies('example.com', 'shop.example.com');
    happyDOM.setURL('http://localhost:3000/');
  });

  it.each([
    ['GA4 by pattern (^_ga$, ^_ga_)', ga4, ['_ga', '_ga_ABC123'], ['_gat', 'my_ga', 'candor_consent']],
    ['HubSpot by name', hubspot, ['__hstc', 'hubspotutk', '__hssc', '__hssrc'], ['__hstcx', 'candor_consent']],
  ])('%s', (_, svc, doomed, kept) => {
    for (const name of [...doomed, ...kept]) Cookies.set(name, '1');
    expect(eraseCookies(svc, location.hostname, null).sort()).toEqual([...doomed].sort());
    expect(names()).toEqual([...kept].sort());
  });

  it('removes copies set on a parent domain and on the configured domain', () => {
    Cookies.set('_ga', 'host');
    Cookies.set('_ga_X', 'parent', { domain: 'example.com' });
    Cookies.set('__hstc', 'sub', { domain: 'shop.example.com' });
    expect(names()).toEqual(['__hstc', '_ga', '_ga_X']);
    eraseCookies([...ga4, ...hubspot], location.hostname, '.shop.example.com');
    expect(names()).toEqual([]);
  });
});
