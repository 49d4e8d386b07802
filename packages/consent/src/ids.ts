import type { PageConfig, Selection } from './types.ts';

// Category ids and service ids never collide (a config rule), so records and the cookie mix them.

/**
 * Turns any wish into a consistent selection: `necessary` and its services are always granted, and
 * unknown ids are dropped. A listed service is granted on its own: it never grants its category
 * (or, through it, any Consent Mode signal), which the visitor has to choose themselves.
 * @param services the granted services; when omitted, every service of a granted category.
 */
export function normalise(config: PageConfig, categories: Iterable<string>, services?: Iterable<string>): Selection {
  const cats = new Set(['necessary', ...categories]);
  const svcs = new Set(services);
  return {
    c: config.categories.filter((cat) => cats.has(cat.id)).map((cat) => cat.id),
    s: config.categories.flatMap((cat) =>
      cat.services
        .filter((svc) => cat.required || (services ? svcs.has(svc.id) : cats.has(cat.id)))
        .map((svc) => svc.id),
    ),
  };
}

/** Every category except `except`, with all their services. */
export function all(config: PageConfig, except?: string): Selection {
  return normalise(
    config,
    config.categories.map((cat) => cat.id).filter((id) => id !== except),
  );
}

/** The record's two lists: together they name every category and service in the config. */
export function split(config: PageConfig, sel: Selection): { granted: string[]; denied: string[] } {
  const on = new Set([...sel.c, ...sel.s]);
  const ids = config.categories.flatMap((cat) => [cat.id, ...cat.services.map((svc) => svc.id)]);
  return { granted: ids.filter((id) => on.has(id)), denied: ids.filter((id) => !on.has(id)) };
}

/**
 * Whether something gated by this category, or by the service when it names one, may run. A granted
 * service suffices: a frame's "Always allow" grants it without its category.
 */
export function allows(sel: Selection, category: string, service?: string | null): boolean {
  return service ? sel.s.includes(service) : sel.c.includes(category);
}
