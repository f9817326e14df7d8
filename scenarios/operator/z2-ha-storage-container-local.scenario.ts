// Seeded defect, through the FlinkDeployment's own configuration: high-availability.storageDir on
// a path inside the JobManager container (a default copied from a local setup). The HA ConfigMaps
// point to files there; a last-state upgrade replaces the JobManager pod, the files are gone, and
// the new JobManager cannot recover the job's newest checkpoint.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { upgradeJob } from '../../harness/faults/index.ts';

scenario({
  id: 'op-zoo-ha-storage-container-local',
  title: 'Zoo (operator): HA storageDir inside the JobManager container, last-state upgrade → the newest checkpoint is not restored',
  platforms: ['operator'],
  deployment: { upgradeMode: 'last-state', flinkConfig: { 'high-availability.storageDir': 'file:///tmp/flink-ha' } },
  strategy: 'LAST_STATE',
  before: [checkpointCompletes()],
  fault: upgradeJob({ parallelism: 1 }),
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
