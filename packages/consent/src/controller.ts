import type { BannerCategory } from '@candor/config';
import { updateConsentMode } from './consent-mode.ts';
import { readStored, writeStored } from './cookie.ts';
import { eraseCookies } from './erase.ts';
import { activateScripts, gateFrames, type May, mustReload, type Ran } from './gate.ts';
import { isRtl, type Messages } from './i18n/index.ts';
import { all, allows, normalise, split } from './ids.ts';
import { sendRecord } from './record.ts';
import type { Action, ConsentApi, ConsentState, PageConfig, Selection, Stored } from './types.ts';
import { type Layer, renderBanner } from './ui/banner.ts';
import { withPreferences } from './ui/load-preferences.ts';
import { refocus } from './ui/modal.ts';
import { uuid } from './uuid.ts';

export const CONSENT_EVENT = 'candor:consent';
export const CHANGE_EVENT = 'candor:change';

export interface Controller {
  api: ConsentApi;
  /** Applies a valid stored choice, records the GPC default and shows the banner when needed. */
  boot(): void;
  openPreferences(opener: Element | null): void;
}

/** Calls `fn`, swallowing errors: nothing the banner does may break the page it sits on. */
export const safe =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return fn(...args);
    } catch {
      return undefined;
    }
  };

/**
 * The consent state machine: one stored choice, and everything that follows a change of it
 * (cookie, proof record, Consent Mode, gated scripts and frames, deleted cookies, events).
 * @param ready settles when the stylesheet has loaded, so nothing shows unstyled.
 */
export function createController(
  config: PageConfig,
  [locale, t]: [string, Messages],
  ready: Promise<unknown>,
): Controller {
  const gpc = navigator.globalPrivacyControl === true;
  const found = readStored(config, Date.now() / 1000);
  let stored: Stored | null = found.valid;
  const ran: Ran[] = [];
  let banner: { el: HTMLElement; prev: Element | null } | null = null;
  let closePreferences: (() => void) | undefined;

  const none = () => normalise(config, []);
  const selection = (): Selection => stored ?? none();
  const may: May = (category, service) => allows(selection(), category, service);
  const texts = (cat: BannerCategory): [string, string] =>
    locale === config.textLocale ? [cat.title, cat.description] : t[cat.id];
  const state = (): ConsentState | null =>
    stored && {
      id: stored.id,
      revision: stored.r,
      categories: stored.c,
      services: stored.s,
      timestamp: stored.t,
      gpc: stored.g === 1,
    };
  const emit = (name: string) => document.dispatchEvent(new CustomEvent(name, { detail: state() }));

  const services = config.categories.flatMap((c) => c.services);
  const serviceName = (id: string) => services.find((s) => s.id === id)?.name;
  // A frame's "Always allow": its one service, on top of the current choice; never its category.
  const grantFrame = (service: string) => {
    const sel = selection();
    choose(normalise(config, sel.c, [...sel.s, service]), 'custom');
  };

  /** Brings the page in line with the choice; true when only a reload can (a denied script ran). */
  function apply(): boolean {
    updateConsentMode(config, selection().c);
    if (mustReload(ran, may)) return true;
    activateScripts(may, ran);
    gateFrames(may, serviceName, t, grantFrame);
    return false;
  }

  const choose = safe((sel: Selection, kind: Action) => {
    const prev = stored;
    const before = split(config, selection()).granted.join();
    const id = prev?.id ?? found.id ?? uuid();
    const now = Math.floor(Date.now() / 1000);
    stored = { v: 1, id, r: config.revision, c: sel.c, s: sel.s, t: now, g: gpc ? 1 : 0, x: kind === 'gpc' ? 0 : 1 };
    writeStored(config, stored, location.protocol === 'https:');
    const { granted, denied } = split(config, sel);
    const withdrawn = !!prev && [...prev.c, ...prev.s].some((x) => denied.includes(x));
    sendRecord(config.endpoint, {
      id,
      action: withdrawn ? 'withdraw' : kind,
      granted,
      denied,
      revision: config.revision,
      configHash: config.configHash,
      locale,
      gpc,
      path: location.pathname,
    });
    // Cookies of every denied service go, not only the newly denied: none may exist without consent.
    eraseCookies(
      services.filter((s) => denied.includes(s.id)),
      location.hostname,
      config.cookie.domain,
    );
    if (kind !== 'gpc') {
      closePreferences?.();
      hideBanner();
    }
    const reload = apply();
    emit(CONSENT_EVENT);
    if (granted.join() !== before) emit(CHANGE_EVENT);
    if (reload) location.reload();
  });

  const layer: Layer = {
    t,
    dir: isRtl(locale) ? 'rtl' : 'ltr',
    gpc,
    acceptAll: () => choose(all(config, gpc ? 'marketing' : undefined), 'accept_all'),
    rejectAll: () => choose(none(), 'reject_all'),
  };

  function hideBanner() {
    if (!banner) return;
    const { el, prev } = banner;
    banner = null;
    const focused = el.contains(document.activeElement);
    el.remove();
    if (focused) refocus(prev);
  }

  const openPreferences = safe((opener: Element | null) => {
    ready.then(() =>
      withPreferences(config, (showPreferences) => {
        closePreferences?.();
        const id = stored?.id ?? found.id;
        closePreferences = showPreferences(
          layer,
          {
            categories: config.categories,
            texts,
            selected: stored,
            // A choice that lapsed (new revision, expired) still has its history under the same id. On
            // the endpoint, so a banner loaded from the gateway on another origin links the gateway.
            recordUrl: id && `${config.endpoint}/${id}?download=1`,
            save: (c, s) => choose(normalise(config, c, s), 'custom'),
            close: () => closePreferences?.(),
          },
          opener,
        );
      }),
    );
  });

  /** @param always also after a choice; otherwise a choice made while the stylesheet loaded wins. */
  const show = safe((always?: boolean) => {
    ready.then(() => {
      if (!always && stored?.x === 1) return;
      if (!banner) {
        const el = renderBanner(layer, config.links, openPreferences);
        banner = { el, prev: document.activeElement };
        document.body.append(el);
      }
      banner.el.focus();
    });
  });

  const api: ConsentApi = {
    get: state,
    set: safe(({ categories = [], services }) => choose(normalise(config, categories, services), 'custom')),
    show: () => show(true),
    showPreferences: () => openPreferences(document.activeElement),
    onChange(cb) {
      const listener = (e: Event) => cb((e as CustomEvent<ConsentState>).detail);
      document.addEventListener(CHANGE_EVENT, listener);
      return () => document.removeEventListener(CHANGE_EVENT, listener);
    },
  };

  function boot() {
    if (stored) {
      apply();
      emit(CONSENT_EVENT);
    } else {
      gateFrames(may, serviceName, t, grantFrame);
      if (gpc) choose(none(), 'gpc');
    }
    if (stored?.x !== 1) show();
  }

  return { api, boot, openPreferences };
}
