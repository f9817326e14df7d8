// A TaskManager is killed; the job fails over in place and must restore the newest checkpoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { killTaskManager } from '../harness/faults/index.ts';

scenario({
  id: 'taskmanager-killed',
  title: 'TaskManager killed → restores the newest checkpoint',
  platforms: ['docker', 'kubernetes', 'operator'],
  strategy: 'FAILOVER',
  fault: killTaskManager(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
