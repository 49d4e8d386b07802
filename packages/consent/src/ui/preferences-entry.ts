// The entry of preferences.js, the preference centre that the browser builds load on first open.
import { showPreferences } from './load-preferences.ts';

window.__candorPreferences = showPreferences;
