// The user suspends the job (spec.job.state: suspended) and later sets it running again. In
// last-state mode the operator deletes the cluster and keeps its HA metadata; the new JobManager
// must recover the newest checkpoint recorded there.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { suspendJob } from '../../harness/faults/index.ts';
import { haWitnessAgreed } from '../witnesses.ts';

scenario({
  id: 'op-last-state-suspend-resume',
  title: 'Operator, upgradeMode last-state: job suspended, then running again → restores the newest checkpoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: suspendJob(),
  alsoShows: [haWitnessAgreed],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
