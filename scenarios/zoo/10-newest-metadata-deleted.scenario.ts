// Zoo 10: a lifecycle rule removes the newest checkpoint's _metadata after the cancel; the resume
// from storage falls back to an older checkpoint, and the verdict names the missing file.
import { scenario } from '../../harness/scenario/vitest.ts';
import { checkpointCompletes } from '../../harness/scenario/steps.ts';
import { cancelJob, deleteNewestCheckpointMetadata, inSequence } from '../../harness/faults/index.ts';

scenario({
  id: 'zoo-newest-metadata-deleted',
  title: "The newest checkpoint's _metadata is deleted from storage: the resume falls back to an older checkpoint",
  versions: 'first',
  strategy: 'LATEST_STATE',
  before: [checkpointCompletes()],
  fault: inSequence(cancelJob(), deleteNewestCheckpointMetadata()),
  expect: { verdict: 'RESTORE_MISMATCH', restored: 'checkpoint' },
});
