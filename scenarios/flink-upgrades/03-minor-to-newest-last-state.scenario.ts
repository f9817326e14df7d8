// A last-state upgrade within 2.x, beside the major one (02): the cluster is replaced under the
// same cluster-id with its HA data kept and no restore path; the new Flink recovers the newest
// checkpoint from the HA metadata.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteDeployment } from '../../harness/faults/index.ts';
import { NEWEST_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { runsOn } from './runs-on.ts';

scenario({
  id: 'upgrade-flink-minor-last-state',
  title: `Flink upgraded ${UPGRADE_FROM_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} as a last-state upgrade (same cluster-id, HA data kept, no restore path) → the new Flink recovers the newest checkpoint from HA`,
  versions: 'first',
  deployment: { flinkVersion: UPGRADE_FROM_FLINK_VERSION, clusterId: 'minor-upgrade', resume: { policy: 'NONE' } },
  strategy: 'LAST_STATE',
  fault: deleteDeployment(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [runsOn(NEWEST_FLINK_VERSION)],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
