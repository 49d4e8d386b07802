import { z } from 'zod';
import { LOG_LEVELS } from './log/logger.ts';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true');

/** The environment, read once by `main.ts`. Nothing below main reads `process.env`. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    CANDOR_DATA_DIR: z.string().min(1).default('./data'),
    CANDOR_CONFIG: z.string().min(1).default('candor.config.ts'),
    CANDOR_SITE_DIR: z.string().min(1).default('site/dist'),
    CANDOR_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    /** Secrets replaced by CANDOR_SECRET, comma-separated: unsubscribe links made with them still work. */
    CANDOR_PREVIOUS_SECRETS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      )
      .pipe(z.array(z.string().min(32, 'each must be at least 32 characters'))),
    CANDOR_TRUST_PROXY: flag,
    /** Bearer token for `GET /metrics`; unset, the endpoint answers 404. */
    CANDOR_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /**
     * DuckDB's memory_limit for the event store: its table cache grows with the events up to this,
     * so it bounds the gateway's memory. Sealing and the reports run at 10M events under 256MB
     * (`pnpm bench:reports`), and the soak's RSS stays flat under it (`pnpm bench:soak`).
     */
    CANDOR_DUCKDB_MEMORY_LIMIT: z
      .string()
      .regex(/^\d+(\.\d+)?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB or 2GB')
      .default('256MB'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /** Development only: accept an x-candor-time header on /api/event (for `pnpm demo:traffic`). */
    CANDOR_DEMO_CLOCK: flag,
  })
  .refine((env) => !(env.CANDOR_DEMO_CLOCK && env.NODE_ENV === 'production'), {
    path: ['CANDOR_DEMO_CLOCK'],
    message: 'must not be set when NODE_ENV=production',
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses the environment; the error names each bad variable. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}
