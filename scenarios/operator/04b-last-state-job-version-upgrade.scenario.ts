// The same rollout as 04 (the probe's v2), in last-state mode: the operator replaces the cluster
// keeping HA metadata, and the new version restores the newest checkpoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';
import { defaultSpec } from '../../harness/platforms/deployment-spec.ts';

scenario({
  id: 'op-last-state-job-version-upgrade',
  title: 'Operator, upgradeMode last-state: a new job version rolled out → the new version restores the newest checkpoint',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state' },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ probe: { ...defaultSpec().probe, version: 'v2' } }),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
