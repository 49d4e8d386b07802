import { access } from 'node:fs/promises';
import { gatewayEntry, siteIndex } from './paths.ts';

/** The outside-in suites drive the built system; fail fast with the fix if it is not built. */
export default async function requireBuild(): Promise<void> {
  for (const file of [gatewayEntry, siteIndex]) {
    try {
      await access(file);
    } catch {
      throw new Error(`${file} is missing: run \`pnpm build\` first (\`pnpm test\` does this for you).`);
    }
  }
}
