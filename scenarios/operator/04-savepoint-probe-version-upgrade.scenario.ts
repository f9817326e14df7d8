// A new version of the job (the probe's v2) rolled out in savepoint mode: the operator stops the old
// job with a savepoint and starts the new version from it.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import { defaultSpec } from '../../harness/platforms/deployment-spec.ts';

scenario({
  id: 'op-savepoint-job-version-upgrade',
  title: 'Operator, upgradeMode savepoint: a new job version rolled out → the new version restores the upgrade savepoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'savepoint' },
  strategy: 'UPGRADE_SAVEPOINT',
  before: [checkpointCompletes()],
  fault: upgradeJob({ probe: { ...defaultSpec().probe, version: 'v2' } }),
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
