// What storage retains under a deployment's directories right after a fault: a witness for the
// oracle (every job's snapshots; the oracle decides which belong to the deployment).
import type { Snapshot } from '../oracle/snapshot.ts';
import type { Deployment } from './platform.ts';

/** Every retained checkpoint (of every job under the checkpoint directory) and every savepoint. */
export async function restoreCandidates(deployment: Deployment): Promise<Snapshot[]> {
  const [checkpoints, savepoints] = await Promise.all([
    deployment.storage.retainedCheckpoints(deployment.paths.checkpoints),
    deployment.storage.savepoints(deployment.paths.savepoints),
  ]);
  return [...checkpoints, ...savepoints];
}
