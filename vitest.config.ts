// Projects: fast unit tests, integration tests against real components, the core scenarios (on
// Docker, and on Kubernetes), and the zoo (scenarios that seed a real restore defect and must end in its failing verdict).
import { configDefaults, defineConfig } from 'vitest/config';
import { suiteParallelism } from './harness/cli/options.ts';
import { PLATFORMS, PLATFORM_SCENARIO_FOLDERS } from './harness/platforms/registry.ts';

/** The core scenarios, and those only one platform runs (skipped elsewhere). */
const SCENARIOS = ['scenarios/*.scenario.ts', ...PLATFORM_SCENARIO_FOLDERS.map((folder) => `${folder}/*.scenario.ts`)];
/**
 * Upgrades of Flink itself beyond the core suite's one minor step (scenario 10): from the 1.x LTS
 * release to the newest 2.x, through stop-with-savepoint and as a last-state (HA) upgrade, and a
 * last-state upgrade within 2.x. Each deploys two Flink versions, so they run nightly (Docker and
 * the local cluster), or alone with `./run nightly scenarios/flink-upgrades`.
 */
const FLINK_UPGRADES = ['scenarios/flink-upgrades/*.scenario.ts'];
/**
 * Integration tests that need the local cluster (or take it down and up): `./run test` runs them in
 * its Kubernetes lane, beside the Docker lane, once Kubernetes is built.
 */
/** Proofs that a broken resume policy or command is caught: whole scenarios, so they run with the scenarios, two at a time. */
const PROOFS = ['test/integration/proofs/*.test.ts'];
/**
 * What `./run test` runs of the proofs (FRH_PROOFS=ci): a team's own resume command that restores the
 * newest state, whose restore must start from what the command printed (so the command's choice is
 * shown to be the one deployed). Nightly, on Docker and on Kubernetes: the broken resume policy and
 * the stale-savepoint command, each the same catch as the zoo's wrong resolvers (a resume that skips
 * the newest snapshot ends RESTORE_MISMATCH; zoo 03 runs in `./run test`), through the seams the
 * newest-state proof and the resume unit tests already show are used.
 */
const PROOFS_CI = ['test/integration/proofs/resume-command.test.ts'];
/**
 * What `./run test` runs of the zoo (FRH_ZOO_SCENARIOS=ci): one case per kind of defect. Nightly
 * runs every case, on the default Flink version too: 01a (retention: cancel deletes the newest
 * checkpoint; 01b is the same mechanism), 04 and 05 (a resume that picks the wrong snapshot; 03 is
 * the same catch), 06 (a replaced JobManager without its HA data; 02 is the same catch).
 */
const ZOO_CI_SCENARIOS = [
  'scenarios/zoo/01b-delete-on-cancellation.scenario.ts',
  'scenarios/zoo/02-ha-disabled.scenario.ts',
  'scenarios/zoo/03-lexicographic-resolver.scenario.ts',
  'scenarios/zoo/07-operator-uid-changed.scenario.ts',
  'scenarios/zoo/08-initial-savepoint-after-failure.scenario.ts',
  'scenarios/zoo/09-stale-ha-data-reused-cluster-id.scenario.ts',
  'scenarios/zoo/10-newest-metadata-deleted.scenario.ts',
];

/**
 * Publicly reported restore bugs (./run known-bugs; harness/report/known-bugs.ts lists them): each on an
 * affected version and, where one is built here, a fixed one. FLINK-35857 is the Operator scenario
 * that found it (op-restarts-exhausted). Not in `./run test`; `./run nightly` runs it (FRH_KNOWN_BUGS=own-folder:
 * the operator project of the same run already runs op-restarts-exhausted).
 */
const KNOWN_BUGS_OWN = ['scenarios/known-bugs/*.scenario.ts'];
const KNOWN_BUGS = [...KNOWN_BUGS_OWN, 'scenarios/operator/07-restarts-exhausted-restarted-by-operator.scenario.ts'];

const KUBERNETES_INTEGRATION = [
  'test/integration/kubernetes/*.test.ts',
  'test/integration/platforms/kubernetes-platform.test.ts',
  'test/integration/platforms/reaper-kubernetes.test.ts',
  'test/integration/doctor/live-namespace.test.ts',
];

/** What a platform's own project runs besides the suite's scenarios, by the names its descriptor gives. */
const ALSO_RUNS = { proofs: PROOFS, 'flink-upgrades': FLINK_UPGRADES };

/** How many test files run at once (default 1); validated by the CLI, again here for a direct vitest run. */
const PARALLEL = suiteParallelism(process.env);

export default defineConfig({
  test: {
    // Two cores and real clusters: heavy files run one at a time unless FRH_PARALLEL (`frh suite
    // --parallel N`) says N at once; each scenario has its own containers and network (Docker) or
    // namespace (Kubernetes). `./run test` stays serial.
    fileParallelism: PARALLEL > 1,
    maxWorkers: PARALLEL,
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'reports/vitest-junit.xml' },
    projects: [
      // Pure and light: two files at once on two cores, whatever the heavy projects do. 120 s, not
      // vitest's 5 s: a few tests start the CLI as a process, and beside a cold Kubernetes compile and
      // a loaded lane (load average 20 on 2 cores) one such start took more than 20 s.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 120_000, fileParallelism: true, maxWorkers: 2 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...KUBERNETES_INTEGRATION, ...PROOFS],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'proofs',
          include: process.env.FRH_PROOFS === 'ci' ? PROOFS_CI : PROOFS,
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'integration-kubernetes',
          include: KUBERNETES_INTEGRATION,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'scenarios',
          include: SCENARIOS,
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'flink-upgrades',
          include: FLINK_UPGRADES,
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      // Each platform with a project of its own (its descriptor's vitestProject): the suite's
      // scenarios there, on the cluster the run's settings name (the local one unless
      // FRH_CLUSTER_PROVIDER says otherwise), on its Flink version; `./run test` runs its ci part.
      ...PLATFORMS.flatMap(({ name, defaultFlinkVersion, vitestProject: project }) => project ? [{
        test: {
          name: project.name,
          include: project.ci && process.env[project.ci.variable] === 'ci'
            ? project.ci.include
            : [...SCENARIOS, ...(project.alsoRuns ?? []).flatMap((group) => ALSO_RUNS[group])],
          env: { FRH_PLATFORM: name, FRH_FLINK_VERSIONS: (project.flinkVersionsVariable ? process.env[project.flinkVersionsVariable] : undefined) ?? defaultFlinkVersion },
          testTimeout: 900_000,
          hookTimeout: 2_400_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      }] : []),
      {
        // The known bugs run under the Operator (both the operator's and Flink's: a Flink bug of the
        // HA restore path shows in a last-state upgrade); each scenario names its operator version.
        test: {
          name: 'known-bugs',
          include: process.env.FRH_KNOWN_BUGS === 'own-folder' ? KNOWN_BUGS_OWN : KNOWN_BUGS,
          env: { FRH_PLATFORM: 'operator', FRH_FLINK_VERSIONS: '1.20.0' },
          testTimeout: 900_000,
          hookTimeout: 2_400_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
      // Scenario files given to `frh run FILE.yaml...` (FRH_SCENARIO_FILES), run like the suite's;
      // only when some are given, so a plain vitest run does not meet an empty project.
      ...(process.env.FRH_SCENARIO_FILES
        ? [{
          test: {
            name: 'yaml',
            include: ['harness/scenario/yaml-run.scenario.ts'],
            testTimeout: 900_000,
            hookTimeout: 2_400_000,
            globalSetup: ['harness/scenario/global-setup.ts'],
          },
        }]
        : []),
      // A user's own job (examples/windowed-count-job) instead of the probe: nightly, or when
      // FRH_USER_JOB_SCENARIOS is set (each builds the example jar with Maven on first use).
      ...(process.env.FRH_USER_JOB_SCENARIOS
        ? [{
          test: {
            name: 'user-job',
            include: ['scenarios/user-job/*.scenario.ts'],
            testTimeout: 900_000,
            hookTimeout: 600_000,
            globalSetup: ['harness/scenario/global-setup.ts'],
          },
        }]
        : []),
      {
        test: {
          name: 'zoo',
          include: process.env.FRH_ZOO_SCENARIOS === 'ci' ? ZOO_CI_SCENARIOS : ['scenarios/zoo/*.scenario.ts'],
          // Nightly: the whole zoo on the default version as well as the others.
          ...(process.env.FRH_ZOO_FLINK_VERSIONS ? { env: { FRH_FLINK_VERSIONS: process.env.FRH_ZOO_FLINK_VERSIONS } } : {}),
          testTimeout: 900_000,
          hookTimeout: 600_000,
          globalSetup: ['harness/scenario/global-setup.ts'],
        },
      },
    ],
  },
});
