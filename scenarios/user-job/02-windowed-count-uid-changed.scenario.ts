// A user's job redeployed from its savepoint with the window operator's UID changed and
// allowNonRestoredState: the right savepoint is restored, but the window counts are dropped. No
// probe runs, so the operator-state witness alone (the operator ids in the restored _metadata
// against the job's stateful vertices) must say STATE_LOSS.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { windowedCountJob, withWindowUid } from '../../harness/scenario/example-jobs.ts';

scenario({
  id: 'user-job-operator-uid-changed',
  title: "User's job (windowed count): window UID changed with allowNonRestoredState → STATE_LOSS without the probe",
  platforms: ['docker', 'kubernetes'],
  versions: 'first',
  userJob: {
    prepare: (flinkVersion) => windowedCountJob(flinkVersion),
    upgrade: (job) => withWindowUid(job, 'window-count-renamed'),
  },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { allowNonRestoredState: true },
  expect: { verdict: 'STATE_LOSS', restored: 'savepoint' },
});
