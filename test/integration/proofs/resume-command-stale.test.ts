// A team's own resume command that redeploys a stale savepoint is caught: the harness judges what
// the command chose, not only what its own resume would have chosen (resume-command.test.ts is the
// command that restores the newest state).
import { scenario } from '../../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../../harness/scenario/steps.ts';
import { cancelJob } from '../../../harness/faults/index.ts';

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
