// The upgrade most teams face: from the 1.x LTS release to the newest 2.x, a major version, through
// stop-with-savepoint. Measured (2026-12-07, Docker and Kubernetes): Flink 2.3.0 restores the
// savepoint Flink 1.20.0 wrote, then its sink committer refuses the probe's FileSink committables
// from that savepoint on every attempt, so the job never completes a checkpoint. The scenario holds
// Flink to that until a release changes it: a PASS (or another failure) fails it and says so.
import { scenario } from '../../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../../harness/faults/index.ts';
import { LTS_FLINK_VERSION, NEWEST_FLINK_VERSION } from '../../harness/platforms/deployment-spec.ts';
import { committablesRefused } from './facts.ts';

scenario({
  id: 'upgrade-flink-lts-savepoint',
  title: `Flink upgraded ${LTS_FLINK_VERSION} → ${NEWEST_FLINK_VERSION} (a major version) through stop-with-savepoint → the savepoint is restored, but the FileSink's committables in it are refused: a restart loop`,
  versions: 'first',
  deployment: { flinkVersion: LTS_FLINK_VERSION },
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  redeployWith: { flinkVersion: NEWEST_FLINK_VERSION },
  alsoShows: [committablesRefused],
  expect: { verdict: 'TIMEOUT' },
});
