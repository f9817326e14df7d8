// A team's own resume command decides the restore, and is judged like any platform: the example
// that restores the newest state passes, and the restore started from what the command printed (the
// harness's own resume would have chosen the same, so the verdict alone cannot show the command
// decided). Its stale counterpart, caught, is resume-command-stale.test.ts (nightly).
import { scenario } from '../../../harness/scenario/vitest.ts';
import { checkpointCompletes, takeSavepoint } from '../../../harness/scenario/steps.ts';
import { cancelJob } from '../../../harness/faults/index.ts';
import type { ResumeChoice } from '../../../harness/platforms/platform.ts';
import { sameRestorePoint } from '../../../harness/oracle/snapshot.ts';

const COMMAND = 'examples/resume-commands/newest-snapshot.sh';

scenario({
  id: 'resume-command-newest',
  title: 'A resume command that restores the newest state resumes the checkpoint taken after the savepoint',
  deployment: { resume: { command: COMMAND } },
  strategy: 'LATEST_STATE',
  versions: 'first',
  before: [takeSavepoint(), checkpointCompletes()],
  fault: cancelJob(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
  alsoShows: [{
    fact: `the restore started from the snapshot ${COMMAND} printed`,
    holds: (result) => {
      const choice = result.evidence.resumeChoice as ResumeChoice | undefined;
      return choice !== undefined && choice.decidedBy.includes(COMMAND) && result.observed !== null && sameRestorePoint(result.observed, choice.chose);
    },
  }],
});
