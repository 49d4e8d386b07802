import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

/** YAML reads an unquoted 2026-11-01 as a Date; accept it and keep the revision a plain string. */
const revision = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD, the same as policy.revision in candor.config'),
);

const policy = defineCollection({
  loader: glob({ pattern: '*.md', base: './src/content/policy' }),
  schema: z.object({
    title: z.string(),
    description: z.string().optional(),
    lastUpdated: z.coerce.date(),
    revision,
    changelog: z.array(z.object({ date: z.coerce.date(), summary: z.string() })),
  }),
});

export const collections = { policy };
