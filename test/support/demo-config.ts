// The demo config, movable: its relative file path (the policy's prose) made absolute, so that a
// suite may write a changed copy of it into a temp dir and start a gateway on that.
import { join } from 'node:path';
import raw from '../../candor.config.ts';
import { root } from './paths.ts';

export const demo = {
  ...raw,
  pages: { ...raw.pages, policyFile: join(root, 'site/src/content/policy/privacy.md') },
};
