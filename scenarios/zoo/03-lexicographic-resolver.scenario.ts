// Zoo 3: a resume policy that sorts checkpoint directories as text picks chk-9 over chk-10.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointReaches } from '../../harness/scenario/steps.ts';
import { cancelJob } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-lexicographic-resolver',
  title: 'A resolver ordering checkpoint directories as strings resumes chk-9 although chk-10 or later exists',
  deployment: { resume: { seededDefect: 'lexicographic' }, checkpointIntervalMs: 1000 },
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [checkpointReaches(10)],
  fault: cancelJob(),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'checkpoint' },
});
