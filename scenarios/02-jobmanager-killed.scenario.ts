// The JobManager is killed; with ZooKeeper HA the restarted JobManager recovers the same job.
import { scenario } from '../harness/scenario/vitest.ts';
import { killJobManager } from '../harness/faults/index.ts';

scenario({
  id: 'jobmanager-killed',
  title: 'JobManager killed (ZooKeeper HA) → same job id, restores the newest checkpoint',
  deployment: { highAvailability: 'zookeeper' },
  strategy: 'FAILOVER',
  fault: killJobManager(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
