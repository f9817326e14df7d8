// The HA ConfigMaps are deleted while the job runs, then the JobManager is killed. Flink documents
// that a JobManager recovers jobs only from its HA services' data: the oracle records that as the
// explanation, and the job coming back without its newest checkpoint is the expected failure.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteHaMetadata, inSequence, killJobManager } from '../../harness/faults/index.ts';

scenario({
  id: 'k8s-ha-configmaps-deleted',
  title: 'HA ConfigMaps deleted while running, then the JobManager killed → the job comes back without its newest checkpoint, as Flink documents',
  platforms: ['kubernetes'],
  versions: 'first',
  strategy: 'FAILOVER',
  fault: inSequence(deleteHaMetadata(), killJobManager()),
  alsoShows: [{ fact: 'the explanation quotes what Flink documents about lost HA metadata', holds: (r) => /HA metadata .* was deleted/.test(r.explanation) }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
