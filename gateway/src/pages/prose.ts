// The policy's own prose: a Markdown file with YAML front matter (`config.pages.policyFile`),
// parsed and rendered once at start-up. `main.ts` reads the file; this module stays free of I/O.
import { type CandorConfig, ConfigError } from '@candor/config';
import { type ChangelogEntry, policyRevisionProblem } from '@candor/policy';
import { Marked, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The rendered policy text and what its front matter says, as the /privacy page needs them. */
export interface PolicyProse {
  title: string;
  description: string | undefined;
  lastUpdated: Date | undefined;
  revision: string | undefined;
  changelog: ChangelogEntry[];
  /** The Markdown body as HTML; its level-2 headings carry ids for the table of contents. */
  html: string;
  headings: { id: string; title: string }[];
}

/** YAML reads an unquoted 2026-11-01 as a string or a Date depending on the schema: accept both. */
const date = z
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')])
  .transform((value) => (value instanceof Date ? value : new Date(`${value}T00:00:00Z`)));

const frontMatterSchema = z.object({
  title: z.string().min(1).default('Privacy policy'),
  description: z.string().min(1).optional(),
  lastUpdated: date.optional(),
  revision: date.transform((d) => d.toISOString().slice(0, 10)).optional(),
  changelog: z.array(z.object({ date, summary: z.string().min(1) })).default([]),
});

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Parses and renders the policy file. Throws a ConfigError naming the file when the front matter is
 * invalid, or when its `revision` differs from `config.policy.revision` (as the site's build does).
 */
export function parsePolicyProse(text: string, config: CandorConfig, file: string): PolicyProse {
  const match = FRONT_MATTER.exec(text);
  let raw: unknown = {};
  if (match) {
    try {
      raw = parseYaml(match[1] ?? '') ?? {};
    } catch (error) {
      throw new ConfigError(`The policy file ${file} has invalid front matter: ${(error as Error).message}`);
    }
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(front matter)'}: ${i.message}`);
    throw new ConfigError(`The policy file ${file} has invalid front matter:\n${issues.join('\n')}`);
  }
  const front = parsed.data;
  const problem = front.revision === undefined ? undefined : policyRevisionProblem(front.revision, config, file);
  if (problem) throw new ConfigError(problem);
  const { html, headings } = renderMarkdown(match ? text.slice(match[0].length) : text);
  return {
    title: front.title,
    description: front.description,
    lastUpdated: front.lastUpdated,
    revision: front.revision,
    changelog: front.changelog,
    html,
    headings,
  };
}

/** Markdown to HTML, with an id on every level-2 heading so the page can link to it. */
function renderMarkdown(markdown: string): Pick<PolicyProse, 'html' | 'headings'> {
  const headings: PolicyProse['headings'] = [];
  const used = new Set<string>();
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        if (token.depth !== 2) return `<h${token.depth}>${inner}</h${token.depth}>\n`;
        const id = uniqueSlug(token.text, used);
        headings.push({ id, title: token.text });
        return `<h2 id="${id}">${inner}</h2>\n`;
      },
    },
  });
  return { html: marked.parse(markdown, { async: false }), headings };
}

/** GitHub-style slugs, as Astro gives the site's headings: lower case, punctuation dropped, spaces to dashes. */
export function uniqueSlug(text: string, used: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .trim()
      .replace(/\s/g, '-') || 'section';
  let slug = base;
  for (let n = 1; used.has(slug); n++) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}
