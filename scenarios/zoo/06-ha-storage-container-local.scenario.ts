// Zoo 6: the HA storageDir is a path inside the JobManager container. ZooKeeper keeps pointing at
// job graph and checkpoint files there; a replaced JobManager (new container) finds them gone.
import { scenario } from '../../harness/scenario/vitest.ts';
import { replaceJobManager } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-ha-storage-container-local',
  title: 'HA storageDir on the JobManager container disk: a replaced JobManager cannot recover the newest checkpoint',
  deployment: { flinkConfig: { 'high-availability.storageDir': 'file:///opt/flink/ha' } },
  versions: 'first',
  strategy: 'FAILOVER',
  fault: replaceJobManager(),
  alsoShows: [{ fact: "the explanation quotes the JobManager's missing HA file", holds: (r) => /FileNotFoundException.*\/opt\/flink\/ha/.test(r.explanation) }],
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
