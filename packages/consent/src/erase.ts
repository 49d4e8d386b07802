import type { BannerService } from '@candor/config';
import { readCookies, removeCookie } from './jar.ts';

/**
 * The domains a service may have set its cookies on: the host itself (host-only, no attribute), the
 * configured cookie domain and every parent of the host. A cookie is only removed by a deletion with
 * the same domain, and we cannot read which one it was set with, so we try each.
 */
export function domains(host: string, configured: string | null): (string | undefined)[] {
  const parts = host.split('.');
  const parents = /[a-z]/i.test(host) ? parts.slice(1).map((_, i) => parts.slice(i + 1).join('.')) : [];
  return [undefined, host, ...(configured ? [configured] : []), ...parents];
}

/** Deletes every cookie of these services that the page can see (path `/`). */
export function eraseCookies(services: BannerService[], host: string, configured: string | null): string[] {
  const names = Object.keys(readCookies());
  const doomed = names.filter((name) =>
    services.some((svc) => svc.cookies.some((c) => (c.pattern ? new RegExp(c.name).test(name) : c.name === name))),
  );
  for (const name of doomed) for (const domain of domains(host, configured)) removeCookie(name, domain);
  return doomed;
}
