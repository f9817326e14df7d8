// A last-state upgrade within 2.x, beside the major one (02): the cluster is replaced under the
// same cluster-id with its HA data kept and no restore path. Measured (2026-12-07: from 2.1.0 on
// Docker, from 2.0.0 on Kubernetes): the Flink 2.3.0 JobManager finds the older execution plan in
// the HA store (ZooKeeper or ConfigMaps), which carries
// no application id (2.3 files every job under an application), and exits with a fatal error on
// every start. A team must upgrade to 2.3 through a savepoint (scenario 10), not last-state.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteDeployment } from '../../harness/faults/index.ts';
import { NEWEST_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { applicationIdMissing } from './facts.ts';

scenario({
  id: 'upgrade-flink-minor-last-state',
  title: `Flink upgraded ${UPGRADE_FROM_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} as a last-state upgrade (same cluster-id, HA data kept, no restore path) → the new JobManager cannot recover the old execution plan from HA and exits`,
  versions: 'first',
  deployment: { flinkVersion: UPGRADE_FROM_FLINK_VERSION, clusterId: 'minor-upgrade', resume: { policy: 'NONE' } },
  strategy: 'LAST_STATE',
  fault: deleteDeployment(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [applicationIdMissing],
  expect: { verdict: 'INFRA_ERROR' },
});
