// The operator itself is upgraded (FRH_OPERATOR_UPGRADE_IMAGE names the newer image) or, where only
// one operator release can be built (here: 1.7.0), restarted while the job runs; the new operator
// must adopt the running job, and the next last-state upgrade it carries out must restore the
// newest checkpoint of that same job.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes, controllerReplaced } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';

const newerOperator = process.env.FRH_OPERATOR_UPGRADE_IMAGE;

scenario({
  id: 'op-operator-replaced-then-last-state-upgrade',
  title: `Operator ${newerOperator ? 'upgraded' : 'restarted'} while the job runs, then a last-state upgrade → restores the newest checkpoint`,
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes(), controllerReplaced(newerOperator), checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
