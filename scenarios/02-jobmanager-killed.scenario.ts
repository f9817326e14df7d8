// The JobManager is killed; with HA (ZooKeeper on Docker, Kubernetes HA on Kubernetes) the
// restarted JobManager recovers the same job.
import { scenario } from '../harness/scenario/vitest.ts';
import { killJobManager } from '../harness/faults/index.ts';
import { haWitnessAgreed } from './witnesses.ts';

scenario({
  id: 'jobmanager-killed',
  title: 'JobManager killed (HA on) → same job id, restores the newest checkpoint',
  strategy: 'FAILOVER',
  fault: killJobManager(),
  alsoShows: [haWitnessAgreed],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
