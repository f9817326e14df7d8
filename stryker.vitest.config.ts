// The vitest configuration Stryker runs (`./run mutation`): only the unit project of
// vitest.config.ts, taken from there so both run the same files. The other projects need Docker or
// Kubernetes; a mutation run starts none of them.
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import base from './vitest.config.ts';

const unit = base.test?.projects?.find((project): project is TestProjectInlineConfiguration =>
  typeof project === 'object' && 'test' in project && project.test?.name === 'unit');
if (!unit?.test) throw new Error('vitest.config.ts has no project named unit');

export default defineConfig({ test: { ...unit.test } });
