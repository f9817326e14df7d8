// An upgrade of Flink itself: the job runs on the previous minor release, is stopped with a
// savepoint and redeployed on the default release; the new Flink must continue from that savepoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../harness/faults/index.ts';
import { DEFAULT_FLINK_VERSION, UPGRADE_FROM_FLINK_VERSION } from '../harness/platforms/deployment-spec.ts';

scenario({
  id: 'upgrade-flink-version',
  title: `Flink upgraded ${UPGRADE_FROM_FLINK_VERSION} → ${DEFAULT_FLINK_VERSION} through stop-with-savepoint → the new Flink restores that savepoint`,
  versions: 'first',
  deployment: { flinkVersion: UPGRADE_FROM_FLINK_VERSION },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { flinkVersion: DEFAULT_FLINK_VERSION },
  alsoShows: [{ fact: `the restored job runs on Flink ${DEFAULT_FLINK_VERSION}`, holds: (r) => r.evidence.flinkVersionAfterRestore === DEFAULT_FLINK_VERSION }],
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
