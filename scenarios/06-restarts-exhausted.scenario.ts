// The job keeps failing until its restart strategy gives up; LATEST_STATE resumes the newest retained checkpoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { failJobUntilRestartsExhausted } from '../harness/faults/index.ts';

scenario({
  id: 'restarts-exhausted',
  title: 'Job fails until its restart strategy gives up, resumed with LATEST_STATE → restores the newest retained checkpoint',
  deployment: { restartAttempts: 2 },
  strategy: 'LATEST_STATE',
  fault: failJobUntilRestartsExhausted(),
  expect: { verdict: 'PASS', restored: 'checkpoint' },
});
