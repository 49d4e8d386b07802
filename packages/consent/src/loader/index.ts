// The loader build's entry. `__CANDOR_SETTINGS__` stays a free identifier in the minified
// output; the gateway replaces it with the settings JSON when it renders `GET /candor.js`.
import { load } from './loader.ts';
import type { LoaderSettings } from './settings.ts';

declare const __CANDOR_SETTINGS__: LoaderSettings;

load(__CANDOR_SETTINGS__);
