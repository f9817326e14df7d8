// Mutation testing of the judge (`./run mutation`, nightly tier): Stryker changes the oracle, the
// checks and the judge one small edit at a time, and the unit tests must fail on each change.
// `./run mutation` runs Stryker once per part (FRH_MUTATION_PART: oracle, checks, judge), so that
// one part fits a short run on a busy machine and a part can be measured again alone.
// Reports: reports/mutation/<part>.json and .html (HTML for people, JSON for
// scripts/mutation-score.ts), all parts together when no part is named.
const PARTS = ['oracle', 'checks', 'judge'];
const part = process.env.FRH_MUTATION_PART || 'mutation';
if (part !== 'mutation' && !PARTS.includes(part)) throw new Error(`FRH_MUTATION_PART=${part}: not one of ${PARTS.join(', ')}`);
const folders = part === 'mutation' ? PARTS : [part];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the unit project (stryker.vitest.config.ts); per mutant, only the test files that import
  // the mutated file (vitest's related files).
  vitest: { configFile: 'stryker.vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Mutants that do not type-check are dropped before any test runs. The checker type-checks in
  // tsc's single-project mode with noEmit, so the repository's `.ts` imports
  // (allowImportingTsExtensions) work as they do for `tsc --noEmit`.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: folders.map((folder) => `harness/${folder}/**/*.ts`),
  // Two cores, shared with whatever else runs: one test runner and one checker.
  concurrency: 1,
  // A mutant that runs much longer than the unit tests did counts as detected (an endless loop).
  // The margin is wide: loading the related test files takes most of a run, far more on a busy
  // machine, and a slow but killed mutant should not be reported as a timeout.
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${part}.html` },
  jsonReporter: { fileName: `reports/mutation/${part}.json` },
  // Used with --incremental only: a part measured again reruns just the mutants whose code or
  // covering tests changed since its last run (--force reruns all).
  incrementalFile: `reports/mutation/${part}.incremental.json`,
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  // One sandbox folder per part, so that two parts can run at once (`./run mutation oracle` beside
  // `./run mutation checks`) without one copying or removing the other's sandbox.
  tempDirName: `.stryker-tmp/${part}`,
  // Not copied into Stryker's sandbox: build outputs, caches, reports and the other parts' sandboxes
  // (the unit tests read none).
  ignorePatterns: ['/.cache', '/reports', '/probe-job/target', '/images/.built', '/examples/**/target', '*.log', '/.stryker-tmp'],
  // The goal is 90%. A part's run below `break` fails (so does ./run mutation): each part measured
  // above it, the lowest the oracle at 95.53% (README, "Mutation testing of the judge").
  thresholds: { high: 90, low: 80, break: 90 },
};
