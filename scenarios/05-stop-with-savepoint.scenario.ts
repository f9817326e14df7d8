// Stop-with-savepoint ends the job; the resumed job must start from exactly that savepoint.
import { scenario } from '../harness/scenario/vitest.ts';
import { stopWithSavepoint } from '../harness/faults/index.ts';

scenario({
  id: 'stop-with-savepoint',
  title: 'Stop-with-savepoint, resumed with LATEST_STATE → restores that savepoint',
  strategy: 'LATEST_STATE',
  fault: stopWithSavepoint(),
  expect: { verdict: 'PASS', restored: 'savepoint' },
});
