// The locales compiled in. Source and tests get all five; build.mjs swaps this module for one
// locale per bundle (consent.js is English, consent.<locale>.js the others) to fit the budget.
import { ar } from './ar.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import type { Messages } from './messages.ts';

export const LOCALES: Record<string, Messages> = { en, de, fr, es, ar };
