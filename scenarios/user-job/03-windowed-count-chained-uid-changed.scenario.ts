// A user's job redeployed from its savepoint with the UID of an operator chained behind the source
// (a record counter holding operator state) changed, and allowNonRestoredState: the right
// savepoint is restored, every vertex still finds its head operator in it, and yet the counter's
// state is dropped. Only the operator entries of the two _metadata files (the restored savepoint's
// and the first checkpoint's after it) show it: STATE_LOSS.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { COUNT_UID, windowedCountJob, withCountUid } from '../../harness/scenario/example-jobs.ts';

scenario({
  id: 'user-job-chained-operator-uid-changed',
  title: "User's job (windowed count): a chained operator's UID changed with allowNonRestoredState → STATE_LOSS",
  platforms: ['docker', 'kubernetes'],
  versions: 'first',
  userJob: {
    prepare: (flinkVersion) => windowedCountJob(flinkVersion),
    upgrade: (job) => withCountUid(job, `${COUNT_UID}-renamed`),
  },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { allowNonRestoredState: true },
  expect: { verdict: 'STATE_LOSS', restored: 'savepoint' },
});
