// A TaskManager is killed; the job fails over in place and must restore the newest checkpoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { killTaskManager } from '../harness/faults/index.ts';
import { haWitnessAgreed } from './witnesses.ts';

scenario({
  id: 'taskmanager-killed',
  title: 'TaskManager killed → restores the newest checkpoint',
  platforms: ['docker', 'kubernetes', 'operator'],
  strategy: 'FAILOVER',
  fault: killTaskManager(),
  alsoShows: [haWitnessAgreed],
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
