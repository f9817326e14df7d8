// Projects: fast unit tests, integration tests against real components, the core scenarios, and
// the zoo (scenarios that seed a real restore defect and must end in its failing verdict).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two cores and real clusters: run heavy files one at a time.
    fileParallelism: false,
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'reports/vitest-junit.xml' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'scenarios',
          include: ['scenarios/*.scenario.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'zoo',
          include: ['scenarios/zoo/*.scenario.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
    ],
  },
});
