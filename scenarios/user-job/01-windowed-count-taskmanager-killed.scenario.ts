// A user's own job (the example keyed windowed count, not the probe) with its own config.yaml: a
// TaskManager is killed and the job must restore the newest checkpoint. Judged without the probe:
// REST, storage _metadata, every stateful operator's state in it, the JobManager's restore line.
import { scenario } from '../../harness/scenario/vitest.ts';
import { killTaskManager } from '../../harness/faults/index.ts';
import { windowedCountJob } from '../../harness/scenario/example-jobs.ts';

scenario({
  id: 'user-job-taskmanager-killed',
  title: "User's job (windowed count): TaskManager killed → restores the newest checkpoint, every operator's state with it",
  platforms: ['docker', 'kubernetes'],
  versions: 'first',
  userJob: { prepare: (flinkVersion) => windowedCountJob(flinkVersion) },
  strategy: 'FAILOVER',
  fault: killTaskManager(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
