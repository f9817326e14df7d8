// Runs the HTML report's browser test alone, without the integration project's global setup (which
// sweeps Docker leftovers and may bring up a cluster): it needs only Node and chromium.
//   node node_modules/vitest/vitest.mjs run --config test/integration/report/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/integration/report/*.test.ts'], testTimeout: 180_000, root: new URL('../../..', import.meta.url).pathname },
});
