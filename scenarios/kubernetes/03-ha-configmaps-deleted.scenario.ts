// The HA ConfigMaps are deleted while the job runs, then the JobManager is killed. Flink documents
// that a JobManager recovers jobs only from its HA services' data: the oracle records that as the
// explanation, and the job coming back without its newest checkpoint is the expected failure.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteHaMetadata, inSequence, killJobManager } from '../../harness/faults/index.ts';
import type { ScenarioResult } from '../../harness/report/results.ts';

/** Observed, not inferred from the fault's kind: the deleted names include `<cluster-id>-<job id>-config-map`. */
function deletedTheJobsConfigMap(result: ScenarioResult): boolean {
  const fault = result.evidence.fault as { detail?: Record<string, { deleted?: string[]; jobId?: string }> } | undefined;
  const deleted = fault?.detail?.['delete-ha-metadata']?.deleted ?? [];
  const jobId = fault?.detail?.['kill-jobmanager']?.jobId;
  return jobId !== undefined && deleted.some((name) => name.includes(jobId) && name.endsWith('-config-map'));
}

scenario({
  id: 'k8s-ha-configmaps-deleted',
  title: 'HA ConfigMaps deleted while running, then the JobManager killed → the job comes back without its newest checkpoint, as Flink documents',
  platforms: ['kubernetes'],
  versions: 'first',
  strategy: 'FAILOVER',
  fault: inSequence(deleteHaMetadata(), killJobManager()),
  alsoShows: [{ fact: "the fault deleted the ConfigMap holding the job's checkpoint pointers", holds: deletedTheJobsConfigMap }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
