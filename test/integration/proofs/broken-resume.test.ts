// Proof that the harness catches a real wrong restore: the platform's resume policy is swapped for
// one that skips the newest snapshot, and the scenario must end in RESTORE_MISMATCH, not PASS.
import { scenario } from '../../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../../harness/scenario/steps.ts';
import { cancelJob } from '../../../harness/faults/index.ts';

scenario({
  id: 'broken-resume-older-snapshot',
  title: 'A resume policy that skips the newest checkpoint is caught as RESTORE_MISMATCH',
  deployment: { resume: { seededDefect: 'second-newest' } },
  strategy: 'LATEST_STATE',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH' },
});
