import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Paths that must never reach a log line even if a caller passes them by mistake: addresses,
 * agents, emails and whole header or body objects. Call sites log route patterns and ids only.
 */
const REDACT = [
  'ip',
  '*.ip',
  'email',
  '*.email',
  'userAgent',
  '*.userAgent',
  'ua',
  '*.ua',
  'headers',
  '*.headers',
  'body',
  '*.body',
  'visitorKey',
  '*.visitorKey',
];

/** Structured JSON logs. In tests, pass a destination to capture the lines. */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'candor-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
