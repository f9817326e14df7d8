// The same major upgrade as a last-state upgrade, as the Flink Kubernetes Operator does it: the
// cluster is replaced under the same cluster-id, its HA data (ZooKeeper on Docker, ConfigMaps on
// Kubernetes) kept, and no restore path given. Measured (2026-12-07, Docker and Kubernetes): Flink
// 2.3.0 does not pick up the job graph Flink 1.20.0 stored (on Kubernetes 1.x keys it
// jobGraph-<id>, 2.x executionPlan-<id>), runs the job anew under the same job id and recovers the
// newest checkpoint from the HA store, then refuses the FileSink's committables in it, as after the
// savepoint (01): a restart loop.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteDeployment } from '../../harness/faults/index.ts';
import { LTS_FLINK_VERSION, NEWEST_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { committablesRefused } from './facts.ts';

scenario({
  id: 'upgrade-flink-lts-last-state',
  title: `Flink upgraded ${LTS_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} as a last-state upgrade (same cluster-id, HA data kept, no restore path) → the newest checkpoint is recovered from HA, but the FileSink's committables in it are refused: a restart loop`,
  versions: 'first',
  deployment: { flinkVersion: LTS_FLINK_VERSION, clusterId: 'lts-upgrade', resume: { policy: 'NONE' } },
  strategy: 'LAST_STATE',
  fault: deleteDeployment(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [committablesRefused],
  expect: { verdict: 'TIMEOUT' },
});
