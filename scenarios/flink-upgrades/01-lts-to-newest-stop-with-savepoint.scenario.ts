// The upgrade most teams face: from the 1.x LTS release to the newest 2.x, a major version, through
// stop-with-savepoint. The new Flink must restore the savepoint the old one wrote, and the probe's
// keyed state must carry on without a gap or a duplicate.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { LTS_FLINK_VERSION, NEWEST_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { runsOn } from './runs-on.ts';

scenario({
  id: 'upgrade-flink-lts-savepoint',
  title: `Flink upgraded ${LTS_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} (a major version) through stop-with-savepoint → the new Flink restores that savepoint`,
  versions: 'first',
  deployment: { flinkVersion: LTS_FLINK_VERSION },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [runsOn(NEWEST_FLINK_VERSION)],
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
