// Zoo 2: without HA a restarted JobManager re-runs the application from scratch.
import { scenario } from '../../harness/scenario/vitest.ts';
import { killJobManager } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-ha-disabled',
  title: 'HA disabled: JobManager killed → the job starts from scratch instead of the newest checkpoint',
  deployment: { highAvailability: 'none' },
  versions: 'first',
  strategy: 'FAILOVER',
  fault: killJobManager(),
  expect: { verdict: 'NO_RESTORE', restored: 'none' },
});
