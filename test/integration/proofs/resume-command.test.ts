// A team's own resume command decides the restore, and is judged like any platform: the example
// that restores the newest state passes, the one that redeploys a stale savepoint is caught.
import { scenario } from '../../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../../harness/scenario/steps.ts';
import { cancelJob } from '../../../harness/faults/index.ts';

scenario({
  id: 'resume-command-newest',
  title: 'A resume command that restores the newest state resumes the checkpoint taken after the savepoint',
  deployment: { resume: { command: 'examples/resume-commands/newest-snapshot.sh' } },
  strategy: 'LATEST_STATE',
  versions: 'first',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});

scenario({
  id: 'resume-command-stale-savepoint',
  title: 'A resume command that redeploys a stale savepoint is caught as RESTORE_MISMATCH',
  deployment: { resume: { command: 'examples/resume-commands/stale-savepoint.sh' } },
  strategy: 'LATEST_STATE',
  versions: 'first',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'savepoint' },
});
