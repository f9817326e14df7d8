// The same major upgrade as a last-state upgrade, as the Flink Kubernetes Operator does it: the
// cluster is replaced under the same cluster-id, its HA data (ZooKeeper on Docker, ConfigMaps on
// Kubernetes) kept, and no restore path given; the new Flink must find the newest checkpoint
// through the HA metadata the old one wrote.
import { scenario } from '../../harness/scenario/vitest.ts';
import { deleteDeployment } from '../../harness/faults/index.ts';
import { LTS_FLINK_VERSION, NEWEST_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { runsOn } from './runs-on.ts';

scenario({
  id: 'upgrade-flink-lts-last-state',
  title: `Flink upgraded ${LTS_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} as a last-state upgrade (same cluster-id, HA data kept, no restore path) → the new Flink recovers the newest checkpoint from HA`,
  versions: 'first',
  deployment: { flinkVersion: LTS_FLINK_VERSION, clusterId: 'lts-upgrade', resume: { policy: 'NONE' } },
  strategy: 'LAST_STATE',
  fault: deleteDeployment(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [runsOn(NEWEST_FLINK_VERSION)],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
