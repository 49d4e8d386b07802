import type { PageConfig } from './types.ts';

/** Google's gtag, or the standard stub when the page's default snippet did not define it. */
export function gtag(): (...args: unknown[]) => void {
  window.dataLayer ??= [];
  const layer = window.dataLayer;
  window.gtag ??= function () {
    // biome-ignore lint/complexity/noArguments: gtag queues the arguments object itself, not an array.
    layer.push(arguments);
  };
  return window.gtag;
}

/** Google Consent Mode v2: every configured signal, granted exactly when its category is. */
export function consentSignals(config: PageConfig, categories: string[]): Record<string, 'granted' | 'denied'> {
  const signals: Record<string, 'granted' | 'denied'> = {};
  for (const [signal, category] of Object.entries(config.consentMode)) {
    signals[signal] = category === 'necessary' || categories.includes(category) ? 'granted' : 'denied';
  }
  return signals;
}

export function updateConsentMode(config: PageConfig, categories: string[]): void {
  gtag()('consent', 'update', consentSignals(config, categories));
}
