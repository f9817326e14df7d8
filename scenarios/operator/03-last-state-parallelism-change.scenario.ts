// A spec change to the running job (parallelism 2 → 1): in last-state mode the operator replaces the
// cluster, keeping HA metadata, and the new job restores the newest checkpoint at the new parallelism.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import { haWitnessAgreed } from '../witnesses.ts';

scenario({
  id: 'op-last-state-parallelism-change',
  title: 'Operator, upgradeMode last-state: parallelism changed 2 → 1 while running → restores the newest checkpoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }),
  alsoShows: [haWitnessAgreed],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
