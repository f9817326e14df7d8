// The operator's own pod dies while it upgrades the job; its Deployment starts a new operator, which
// must finish the upgrade from the state recorded in the FlinkDeployment and the HA metadata.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';

scenario({
  id: 'op-operator-killed-mid-upgrade',
  title: 'Operator pod killed in the middle of a last-state upgrade → the new operator finishes it; restores the newest checkpoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }, { killControllerMidway: true }),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
