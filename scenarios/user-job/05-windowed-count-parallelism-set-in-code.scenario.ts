// A user's job that sets its parallelism in its code (env.setParallelism(2), as many jobs do),
// stopped with a savepoint and redeployed at parallelism 1: the platform restores the savepoint,
// but the job still runs at 2. Every restore witness agrees; only the change witness sees that
// the upgrade never took effect, so the run proved nothing about restoring at parallelism 1 →
// INFRA_ERROR, not PASS.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { windowedCountJob, withParallelismInCode } from '../../harness/scenario/example-jobs.ts';

scenario({
  id: 'user-job-parallelism-set-in-code',
  title: "User's job (windowed count) sets parallelism 2 in its code: stopped with a savepoint, redeployed at parallelism 1 → the savepoint is restored but the job still runs at 2: the upgrade did not take effect",
  platforms: ['docker'],
  versions: 'first',
  userJob: { prepare: async (flinkVersion) => withParallelismInCode(await windowedCountJob(flinkVersion), 2) },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { parallelism: 1 },
  alsoShows: [{
    fact: 'the change witness names the parallelism the job kept',
    holds: (result) => result.checks.some((c) => c.name === 'change-took-effect' && c.status === 'fail' && c.detail.includes('asked parallelism 1, the resumed job runs parallelism 2')),
  }],
  expect: { verdict: 'INFRA_ERROR', restored: 'savepoint' },
});
