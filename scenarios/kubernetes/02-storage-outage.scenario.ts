// MinIO is scaled to zero while the job runs until a checkpoint fails, then comes back; a
// TaskManager is then killed. The job must restore the newest *completed* checkpoint, never one
// that failed during the outage.
import { scenario } from '../../harness/scenario/vitest.ts';
import { killTaskManager, storageOutageUntilCheckpointFails } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

scenario({
  id: 'k8s-storage-outage',
  title: 'MinIO unavailable until a checkpoint fails, then back, then a TaskManager killed → restores the newest completed checkpoint',
  platforms: ['kubernetes'],
  deployment: {
    flinkConfig: {
      // A checkpoint that cannot reach storage fails after 20 s instead of the default 10 minutes.
      'execution.checkpointing.timeout': '20s',
      // A request in flight when MinIO's pod goes away can otherwise wait out S3A's 200 s socket
      // timeout (fs.s3a.connection.timeout in the Hadoop 3.3.4 that flink-s3-fs-hadoop bundles),
      // keeping a cancelled task and its slot busy long after MinIO is back.
      's3.connection.timeout': '30000',
    },
  },
  strategy: 'FAILOVER',
  before: [storageOutageUntilCheckpointFails()],
  fault: killTaskManager(),
  alsoShows: [
    { fact: 'a checkpoint failed while MinIO was down', holds: (r) => failedCheckpoints(r).length > 0 },
    { fact: 'the restored checkpoint is not one that failed', holds: (r) => r.observed?.kind === 'checkpoint' && !failedCheckpoints(r).includes(r.observed.id) },
  ],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});

function failedCheckpoints(result: ScenarioResult): number[] {
  return ((result.evidence.steps as { failedCheckpoints?: number[] } | undefined)?.failedCheckpoints) ?? [];
}
