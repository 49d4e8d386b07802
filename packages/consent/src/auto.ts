// The browser build's entry. Pages load it with `defer` (or as a module), so the document is parsed.
import { start } from './start.ts';

start();
